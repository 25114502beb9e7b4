import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatMeanSd } from './format';

describe('formatting for explanations', () => {
  it('writes sizes with decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4_100)).toBe('4.1 KB');
    expect(formatBytes(50_000_000)).toBe('50.0 MB');
  });

  it('writes durations in minutes, hours or days', () => {
    expect(formatDuration(600_000)).toBe('10 minutes');
    expect(formatDuration(3_600_000)).toBe('1 hour');
    expect(formatDuration(86_400_000)).toBe('1 day');
  });

  it('writes a mean and spread', () => {
    expect(formatMeanSd(3.04, 1.6, formatCount)).toBe('3.0 ± 1.6');
    expect(formatMeanSd(412, 20, formatCount)).toBe('412 ± 20');
  });
});
