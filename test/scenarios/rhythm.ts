export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** Share of the busiest hour's activity, by UTC hour: a working day with a lunch dip. */
const WORKDAY_PROFILE = [
  0, 0, 0, 0, 0, 0, 0.1, 0.35, 0.8, 1, 1, 1, 0.75, 1, 1, 1, 1, 0.7, 0.4, 0.25, 0.15, 0.06, 0, 0,
];

/** When an agent kind works: its day by local hour, its weekends, and where on Earth it is. */
export interface Rhythm {
  /** Share of the busiest hour's activity by local hour (24 entries). */
  profile: readonly number[];
  /** Weekend activity relative to a weekday's. */
  weekendFactor: number;
  /** Local time is UTC plus this; families abroad shift every rhythm they have. */
  utcOffsetHours: number;
}

/** The office day the team's own generator always used: UTC, lunch dip, weekends at 0.3x. */
export const OFFICE_HOURS: Rhythm = {
  profile: WORKDAY_PROFILE,
  weekendFactor: 0.3,
  utcOffsetHours: 0,
};

/** A sanctioned nightly job: it runs from 02:00 local time, weekends included, and nothing else. */
export function nightlyBatch(utcOffsetHours = 0): Rhythm {
  const profile = new Array<number>(24).fill(0);
  profile[2] = 1;
  profile[3] = 0.5;
  return { profile, weekendFactor: 1, utcOffsetHours };
}

/** The office day in another timezone. */
export function officeHoursAt(utcOffsetHours: number, weekendFactor = 0.3): Rhythm {
  return { profile: WORKDAY_PROFILE, weekendFactor, utcOffsetHours };
}

/** A window in which every agent of one kind works harder (an incident, a campaign). */
export interface Surge {
  kind: string;
  startMs: number;
  endMs: number;
  factor: number;
}

/** Activity of an agent kind at `timeMs`, relative to its busiest weekday hour. */
export function activityLevel(
  timeMs: number,
  nightLevel: number,
  rhythm: Rhythm = OFFICE_HOURS,
): number {
  const date = new Date(timeMs + rhythm.utcOffsetHours * HOUR_MS);
  const hourly = Math.max(rhythm.profile[date.getUTCHours()] ?? 0, nightLevel);
  const day = date.getUTCDay();
  return day === 0 || day === 6 ? hourly * rhythm.weekendFactor : hourly;
}

/** Sum of hourly levels over a weekday: turns "events per weekday" into a per-hour rate. */
export function weekdayLevelSum(nightLevel: number, rhythm: Rhythm = OFFICE_HOURS): number {
  return rhythm.profile.reduce((sum, level) => sum + Math.max(level, nightLevel), 0);
}

export function surgeFactor(surge: Surge | undefined, kind: string, timeMs: number): number {
  if (!surge || surge.kind !== kind) return 1;
  return timeMs >= surge.startMs && timeMs < surge.endMs ? surge.factor : 1;
}
