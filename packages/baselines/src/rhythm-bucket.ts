const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 1970-01-01 was a Thursday: day index 0 is Thursday, so Saturday is 2 and Sunday is 3. */
const SATURDAY = 2;
const SUNDAY = 3;

/** Hour of day (0–23) × weekday/weekend: the buckets rates are kept in, so that the daily rhythm is expected. */
export const RHYTHM_BUCKETS = 48;

/** The rhythm bucket of an instant: hour of day, plus 24 on Saturdays and Sundays (local time at `utcOffsetMinutes`). */
export function rhythmBucket(epochMs: number, utcOffsetMinutes = 0): number {
  const local = epochMs + utcOffsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
  const weekday = ((day % 7) + 7) % 7;
  return weekday === SATURDAY || weekday === SUNDAY ? 24 + hour : hour;
}

/** "weekdays 09:00" / "weekends 23:00": how to name a bucket in an explanation. */
export function describeRhythmBucket(bucket: number): string {
  const hour = String(bucket % 24).padStart(2, '0');
  return `${bucket >= 24 ? 'weekends' : 'weekdays'} ${hour}:00`;
}
