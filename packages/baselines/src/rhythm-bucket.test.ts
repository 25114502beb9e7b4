import { describe, expect, it } from 'vitest';
import { describeRhythmBucket, rhythmBucket } from './rhythm-bucket';

describe('rhythmBucket', () => {
  it('maps a Monday morning to its hour', () => {
    expect(rhythmBucket(Date.parse('2026-03-02T09:30:00Z'))).toBe(9);
  });

  it('maps Saturday and Sunday to the weekend buckets', () => {
    expect(rhythmBucket(Date.parse('2026-03-07T09:30:00Z'))).toBe(33);
    expect(rhythmBucket(Date.parse('2026-03-08T23:59:00Z'))).toBe(47);
  });

  it('shifts to local time with an offset', () => {
    expect(rhythmBucket(Date.parse('2026-03-06T23:30:00Z'), 120)).toBe(25);
  });

  it('names a bucket for people', () => {
    expect(describeRhythmBucket(33)).toBe('weekends 09:00');
  });
});
