import { describe, expect, it } from 'vitest';
import { toClickHouseDateTime } from './client';

describe('toClickHouseDateTime', () => {
  it.each([
    ['a UTC time with milliseconds', '2026-03-02T10:15:00.123Z', '2026-03-02 10:15:00'],
    ['a UTC time with whole seconds', '2026-03-02T10:15:07Z', '2026-03-02 10:15:07'],
    ['a time with an offset', '2026-03-02T12:15:07+02:00', '2026-03-02 10:15:07'],
    ['a time without seconds', '2026-03-02T10:15Z', '2026-03-02 10:15:00'],
    ['epoch milliseconds', Date.UTC(2026, 2, 2, 10, 15, 7, 900), '2026-03-02 10:15:07'],
  ])('writes %s as UTC text', (_name, time, text) => {
    expect(toClickHouseDateTime(time)).toBe(text);
  });

  it('refuses a time that is not one', () => {
    expect(() => toClickHouseDateTime('2026-03-02T99:15:07Z')).toThrow(RangeError);
  });
});
