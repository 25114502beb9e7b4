import { describe, expect, it } from 'vitest';
import { parseEventTime } from './event-time';

describe('parseEventTime', () => {
  it.each([
    '2026-03-02T10:15:00Z',
    '2026-03-02T10:15:00.123Z',
    '2026-03-02T10:15:00.1239Z',
    '2026-03-02T10:15:00.5+01:00',
    '2026-12-31T23:59:59-05:30',
    '2024-02-29T12:00:00Z',
    '2026-01-30T00:00:00z',
    '1969-12-31T23:59:59.999Z',
  ])('agrees with Date.parse on %s', (text) => {
    expect(parseEventTime(text)).toBe(Date.parse(text));
  });

  it('returns NaN for text that is not a time', () => {
    expect(parseEventTime('yesterday')).toBeNaN();
  });
});
