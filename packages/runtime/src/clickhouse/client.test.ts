import { describe, expect, it } from 'vitest';
import { toClickHouseDateTime } from './client';

describe('toClickHouseDateTime', () => {
  it('writes epoch milliseconds as UTC text, dropping the milliseconds', () => {
    expect(toClickHouseDateTime(Date.UTC(2026, 2, 2, 10, 15, 7, 900))).toBe('2026-03-02 10:15:07');
  });

  it('refuses a time that is not one', () => {
    expect(() => toClickHouseDateTime(Number.NaN)).toThrow(RangeError);
  });
});
