import { toClickHouseDateTime } from '@vigil/runtime';

/**
 * Which events can already be in ClickHouse, so that only those cost a lookup.
 *
 * A row in `audit_events_raw` was written either by this process or by an
 * earlier one (before a restart, a crash or a rebalance). This process
 * remembers the ids it stored (`RecentIds`) and, for the ids it had to forget,
 * the latest of their times. Earlier processes' rows all have an event time
 * at or before the latest time stored when this process took its partitions,
 * read once after every group join. A repeat carries its original's event time.
 * So an id that memory does not hold, with a time later than both, cannot be
 * stored: it is new, with no lookup. A repeat that arrives days after a restart
 * has an old time and is looked up, as before.
 *
 * The margin covers a server in a time zone with daylight saving, where a
 * DateTime text may come back an hour off; times that do not fit a DateTime at
 * all are always looked up.
 */
export interface LookupHorizon {
  /** Events later than this (ClickHouse DateTime text) are new unless memory knows them; undefined: all are. */
  storedUpTo: string | undefined;
}

const MARGIN_MS = 60 * 60 * 1000;
/** DateTime text outside these bounds does not round-trip through a ClickHouse DateTime. */
const FIRST_EXACT = '1970-01-02 00:00:00';
const LAST_EXACT = '2106-02-06 00:00:00';

export function lookupHorizon(
  latestStoredAtAssignment: string | undefined,
  latestForgotten: string | undefined,
): LookupHorizon {
  const stored = latestStoredAtAssignment && withMargin(latestStoredAtAssignment);
  const latest = [stored, latestForgotten].filter((t): t is string => !!t).sort();
  return { storedUpTo: latest.at(-1) };
}

/** Whether an event at this DateTime text may already be stored, so it needs a lookup. */
export function mayBeStored(dateTime: string, horizon: LookupHorizon): boolean {
  if (dateTime < FIRST_EXACT || dateTime >= LAST_EXACT) return true;
  return horizon.storedUpTo !== undefined && dateTime <= horizon.storedUpTo;
}

function withMargin(dateTime: string): string {
  const ms = Date.parse(`${dateTime.replace(' ', 'T')}Z`) + MARGIN_MS;
  return Number.isNaN(ms) ? LAST_EXACT : toClickHouseDateTime(ms);
}
