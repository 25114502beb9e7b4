import { describeRhythmBucket, rhythmBucket, type Expectation } from '@vigil/baselines';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "4.1 KB", "50.0 MB": sizes for people (decimal units, as dashboards show them). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "10 minutes", "1 hour", "1 day". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0 && minutes >= 1440)
    return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0 && minutes >= 60)
    return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function formatCount(value: number): string {
  return value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}

/** "3 ± 2" in the metric's own units. */
export function formatMeanSd(mean: number, sd: number, format: (value: number) => string): string {
  return `${format(mean)} ± ${format(sd)}`;
}

/**
 * Whose usual it is, for an explanation: "its usual for weekdays 09:00", "its
 * peers' usual"; for windows of a day or more "its usual for a weekday".
 */
export function describeExpectationSource(
  expectation: Expectation,
  windowStart: number,
  utcOffsetMinutes: number,
  windowMs = 0,
): string {
  if (expectation.source === 'peers') return "its peers' usual";
  if (expectation.source === 'overall') return 'its usual';
  const own = rhythmBucket(windowStart, utcOffsetMinutes);
  // Judged against the same hour on the other kind of day.
  const bucket = expectation.source === 'other-days' ? (own + 24) % 48 : own;
  if (windowMs >= 86_400_000) return `its usual for a ${bucket >= 24 ? 'weekend day' : 'weekday'}`;
  return `its usual for ${describeRhythmBucket(bucket)}`;
}
