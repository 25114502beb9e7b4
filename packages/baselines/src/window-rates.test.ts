import { describe, expect, it } from 'vitest';
import { WindowRateBaseline } from './window-rates';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const options = {
  stepMs: 10 * MINUTE,
  halfLifeDays: 7,
  minBucketSamples: 3,
  maxZeroFillWindows: 1008,
  utcOffsetMinutes: 0,
};

/** Two metrics; busy 09:00–17:00 on weekdays, quiet otherwise. */
function learnWorkWeek(baseline: WindowRateBaseline, days: number): void {
  for (let start = MONDAY; start < MONDAY + days * DAY; start += 10 * MINUTE) {
    const hour = ((start - MONDAY) % DAY) / HOUR;
    if (hour >= 9 && hour < 17) baseline.observe(start, [30, 2]);
  }
}

describe('WindowRateBaseline', () => {
  it('expects a first weekend night like its weeknights at that hour, not like the whole day', () => {
    const baseline = new WindowRateBaseline(1, options);
    // Weeknights Monday to Friday: a batch job at 02:00, nothing else.
    for (let day = 0; day < 5; day++)
      for (let m = 0; m < 60; m += 10)
        baseline.observe(MONDAY + day * DAY + 2 * HOUR + m * MINUTE, [500]);
    const saturday = baseline.expected(0, MONDAY + 5 * DAY + 2 * HOUR);
    expect(saturday).toMatchObject({ mean: 500, source: 'other-days' });
  });

  it('learns day-long windows that hop every 12 hours in weekday and weekend buckets', () => {
    const baseline = new WindowRateBaseline(1, {
      ...options,
      stepMs: 12 * HOUR,
      spanMs: DAY,
      minBucketSamples: 1,
    });
    for (let start = MONDAY; start < MONDAY + 5 * DAY; start += 12 * HOUR)
      baseline.observe(start, [100]);
    // Noon windows share Monday's bucket with the midnight ones: no thin per-hour bucket.
    expect(baseline.expected(0, MONDAY + 7 * DAY + 12 * HOUR)).toMatchObject({
      mean: 100,
      source: 'hour',
    });
    expect(baseline.toJSON().moments).toHaveLength(
      new WindowRateBaseline(1, { ...options, stepMs: DAY }).toJSON().moments.length,
    );
  });

  it('falls back to the overall rate while an hour bucket is thin', () => {
    const baseline = new WindowRateBaseline(2, options);
    baseline.observe(MONDAY + 9 * HOUR, [30, 2]);
    expect(baseline.expected(0, MONDAY + 9 * HOUR).source).toBe('overall');
  });

  it('expects the daily rhythm: busy working hours and quiet nights', () => {
    const baseline = new WindowRateBaseline(2, options);
    learnWorkWeek(baseline, 5);
    const morning = baseline.expected(0, MONDAY + 5 * DAY + 10 * HOUR - 5 * DAY);
    const night = baseline.expected(0, MONDAY + 4 * DAY + 3 * HOUR);
    expect(morning.source).toBe('hour');
    expect(morning.mean).toBeCloseTo(30);
    expect(night.mean).toBeCloseTo(0);
  });

  it('counts the windows without activity as zeros', () => {
    const baseline = new WindowRateBaseline(2, { ...options, halfLifeDays: 10_000 });
    baseline.observe(MONDAY, [6, 0]);
    baseline.observe(MONDAY + 60 * MINUTE, [6, 0]);
    expect(baseline.samples()).toBeCloseTo(7);
    // The 00:00 hour holds the busy window and five empty ones.
    expect(baseline.expected(0, MONDAY).mean).toBeCloseTo(1);
  });

  it('adapts when the level changes for good', () => {
    const baseline = new WindowRateBaseline(1, { ...options, halfLifeDays: 1 });
    for (let start = MONDAY; start < MONDAY + 2 * DAY; start += 10 * MINUTE)
      baseline.observe(start, [5]);
    for (let start = MONDAY + 2 * DAY; start < MONDAY + 12 * DAY; start += 10 * MINUTE)
      baseline.observe(start, [50]);
    expect(baseline.expected(0, MONDAY + 12 * DAY).mean).toBeGreaterThan(49);
  });

  it('forgets over the same number of days whatever the step: 10 minutes, 1 hour, 1 day', () => {
    const after = (stepMs: number) => {
      const baseline = new WindowRateBaseline(1, { ...options, stepMs, minBucketSamples: 1 });
      for (let start = MONDAY; start < MONDAY + 14 * DAY; start += stepMs)
        baseline.observe(start, [start < MONDAY + 7 * DAY ? 0 : stepMs / MINUTE]);
      // A week at zero, then a week at one per minute: the hour bucket (or weekday bucket) of
      // the last day weighs the new level 1 - 2^-(5/7) when only weekdays count, whatever the step.
      return baseline.expected(0, MONDAY + 14 * DAY).mean / (stepMs / MINUTE);
    };
    const tenMinutes = after(10 * MINUTE);
    expect(after(HOUR)).toBeCloseTo(tenMinutes, 2);
    expect(after(DAY)).toBeCloseTo(tenMinutes, 2);
  });

  it('keeps day-long windows in two buckets, weekdays and weekends', () => {
    const baseline = new WindowRateBaseline(1, { ...options, stepMs: DAY, minBucketSamples: 1 });
    for (let day = 0; day < 14; day++)
      baseline.observe(MONDAY + day * DAY, [day % 7 < 5 ? 100 : 10]);
    expect(baseline.expected(0, MONDAY + 14 * DAY)).toMatchObject({ mean: 100, source: 'hour' });
    expect(baseline.expected(0, MONDAY + 19 * DAY)).toMatchObject({ mean: 10, source: 'hour' });
    expect(baseline.toJSON().moments).toHaveLength(3 * 3);
    expect(baseline.lastStart()).toBe(MONDAY + 13 * DAY);
  });

  it('never compares an hour with the overlapping hours of the same day', () => {
    const hourly = { ...options, stepMs: 20 * MINUTE, spanMs: HOUR, minBucketSamples: 1 };
    const baseline = new WindowRateBaseline(1, hourly);
    // A quiet Monday at 20 an hour, then on Tuesday a burst in the hour from 16:00.
    for (let start = MONDAY; start < MONDAY + DAY; start += 20 * MINUTE)
      baseline.observe(start, [20]);
    const tuesday = MONDAY + DAY;
    for (let start = tuesday; start < tuesday + 16 * HOUR; start += 20 * MINUTE)
      baseline.observe(start, [20]);
    baseline.observe(tuesday + 16 * HOUR, [400]);
    // The hours from 16:20 and 16:40 hold most of that burst: they are judged against Monday.
    expect(baseline.expected(0, tuesday + 16 * HOUR + 20 * MINUTE).mean).toBeCloseTo(20);
    baseline.observe(tuesday + 16 * HOUR + 20 * MINUTE, [400]);
    expect(baseline.expected(0, tuesday + 16 * HOUR + 40 * MINUTE).mean).toBeCloseTo(20);
    // Once nothing left to judge overlaps it, the burst is learned like any window.
    baseline.observe(tuesday + 16 * HOUR + 40 * MINUTE, [400]);
    expect(baseline.expected(0, tuesday + 16 * HOUR + 40 * MINUTE).mean).toBeGreaterThan(20);
    // A restart in the middle keeps what is still waiting to be learned.
    const copy = new WindowRateBaseline(1, hourly);
    copy.restore(JSON.parse(JSON.stringify(baseline.toJSON())));
    expect(copy.toJSON()).toEqual(baseline.toJSON());
  });

  it('widens the spread it judges by while an hour has been seen on few days', () => {
    const hourly = { ...options, stepMs: HOUR, minBucketSamples: 1 };
    const spreadAfter = (days: number) => {
      const baseline = new WindowRateBaseline(1, hourly);
      // A bursty agent (10 or 20 calls an hour, day by day) whose 10:00 hour happened to be steady.
      for (let day = 0; day < days; day++)
        for (let hour = 0; hour < 24; hour++)
          baseline.observe(MONDAY + day * DAY + hour * HOUR, [
            hour === 10 ? 40 + 2 * (day % 2) : 10 + 10 * ((day + hour) % 2),
          ]);
      return baseline.expected(0, MONDAY + days * DAY + 10 * HOUR).sd;
    };
    // Two days of 40 and 42 (sd 1) prove little: the agent's burstiness elsewhere says more.
    expect(spreadAfter(2)).toBeGreaterThan(8);
    // Weeks of a steady 10:00 hour narrow it again.
    expect(spreadAfter(28)).toBeLessThan(spreadAfter(2) / 2);
  });

  it('remembers the largest window it learned, at any hour, and forgets it with its half-life', () => {
    const baseline = new WindowRateBaseline(1, { ...options, halfLifeDays: 1 });
    baseline.observe(MONDAY + 10 * HOUR, [5_000_000]);
    for (
      let start = MONDAY + 10 * HOUR + 10 * MINUTE;
      start < MONDAY + 11 * HOUR;
      start += 10 * MINUTE
    )
      baseline.observe(start, [100_000]);
    expect(baseline.expected(0, MONDAY + 3 * HOUR).peak).toBeGreaterThan(4_500_000);
    for (let start = MONDAY + 11 * HOUR; start < MONDAY + 3 * DAY; start += 10 * MINUTE)
      baseline.observe(start, [100_000]);
    // Over two half-lives later it is under a quarter of what it was.
    expect(baseline.expected(0, MONDAY + 3 * DAY).peak).toBeLessThan(1_250_000);
  });

  it('restores exactly what it saved', () => {
    const baseline = new WindowRateBaseline(2, options);
    learnWorkWeek(baseline, 2);
    const copy = new WindowRateBaseline(2, options);
    copy.restore(JSON.parse(JSON.stringify(baseline.toJSON())));
    expect(copy.expected(0, MONDAY + 10 * HOUR)).toEqual(baseline.expected(0, MONDAY + 10 * HOUR));
  });

  it('rejects a snapshot of the wrong shape with a code', () => {
    const baseline = new WindowRateBaseline(2, options);
    expect(() => baseline.restore({ lastWindowStart: null, moments: [1] })).toThrow(
      expect.objectContaining({ code: 'VIGIL_BASELINE_BAD_SNAPSHOT' }),
    );
  });
});
