export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** Share of the busiest hour's activity, by UTC hour: a working day with a lunch dip. */
const WORKDAY_PROFILE = [
  0, 0, 0, 0, 0, 0, 0.1, 0.35, 0.8, 1, 1, 1, 0.75, 1, 1, 1, 1, 0.7, 0.4, 0.25, 0.15, 0.06, 0, 0,
];
const WEEKEND_FACTOR = 0.3;

/** A window in which every agent of one kind works harder (an incident, a campaign). */
export interface Surge {
  kind: string;
  startMs: number;
  endMs: number;
  factor: number;
}

/** Activity of an agent kind at `timeMs`, relative to its busiest weekday hour. */
export function activityLevel(timeMs: number, nightLevel: number): number {
  const date = new Date(timeMs);
  const hourly = Math.max(WORKDAY_PROFILE[date.getUTCHours()] ?? 0, nightLevel);
  const day = date.getUTCDay();
  return day === 0 || day === 6 ? hourly * WEEKEND_FACTOR : hourly;
}

/** Sum of hourly levels over a weekday: turns "events per weekday" into a per-hour rate. */
export function weekdayLevelSum(nightLevel: number): number {
  return WORKDAY_PROFILE.reduce((sum, level) => sum + Math.max(level, nightLevel), 0);
}

export function surgeFactor(surge: Surge | undefined, kind: string, timeMs: number): number {
  if (!surge || surge.kind !== kind) return 1;
  return timeMs >= surge.startMs && timeMs < surge.endMs ? surge.factor : 1;
}
