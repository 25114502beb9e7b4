import { describe, expect, it } from 'vitest';
import { formatLatency, markdownTable, percentile } from './latency-table';

describe('percentile', () => {
  it('takes the nearest rank, so the p99 of a few samples is their maximum', () => {
    expect(percentile([300, 100, 200], 50)).toBe(200);
    expect(percentile([300, 100, 200, 900], 99)).toBe(900);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('formatLatency', () => {
  it('counts the attacks that never got there beside the figures', () => {
    expect(formatLatency({ ms: [310.4, 820, 1_500], missing: 1 })).toBe('3/4: 820 / 1,500 / 1,500');
    expect(formatLatency({ ms: [], missing: 2 })).toBe('0/2: -');
  });
});

describe('markdownTable', () => {
  it('pads every column to its widest cell', () => {
    expect(markdownTable(['rate', 'p99'], [['1,000', '5']])).toBe(
      '| rate  | p99 |\n| ----- | --- |\n| 1,000 | 5   |',
    );
  });
});
