import type { DraftCall } from '../draft';
import { DAY_MS, HOUR_MS } from '../rhythm';

/**
 * What an agent usually does lately, measured on its benign calls in the `RECENT_DAYS` (a week, weekend included) before
 * `beforeMs`: slow attacks scale to it. Recent, because agents whose work grows every day would
 * otherwise be measured on their lighter first days, and a "20×" attack would be a few times their
 * usual by the time it runs.
 */
export interface UsualActivity {
  /** Mean calls in an hour the agent was active at all. */
  callsPerActiveHour: number;
  /** Mean response bytes on a day the agent was active at all. */
  bytesPerActiveDay: number;
}

const RECENT_DAYS = 7;

export function usualActivity(calls: readonly DraftCall[], beforeMs: number): UsualActivity {
  const sinceMs = beforeMs - RECENT_DAYS * DAY_MS;
  const hours = new Set<number>();
  const days = new Set<number>();
  let count = 0;
  let bytes = 0;
  for (const call of calls) {
    if (call.timeMs >= beforeMs) break;
    if (call.timeMs < sinceMs) continue;
    hours.add(Math.floor(call.timeMs / HOUR_MS));
    days.add(Math.floor(call.timeMs / DAY_MS));
    count++;
    bytes += call.responseBytes;
  }
  return {
    callsPerActiveHour: hours.size === 0 ? 0 : count / hours.size,
    bytesPerActiveDay: days.size === 0 ? 0 : bytes / days.size,
  };
}

/**
 * Mean calls in the hour from `atMs` on the previous `RECENT_DAYS` days, over the days the agent was
 * active in that hour: its usual for this time of day, which is what "five times its usual hour"
 * means to anyone watching an agent with a daily rhythm (its busy hours are several times its mean
 * hour). Falls back to `fallback` when it was never active then.
 */
export function usualCallsInHourAt(
  calls: readonly DraftCall[],
  atMs: number,
  fallback: number,
): number {
  let active = 0;
  let count = 0;
  for (let day = 1; day <= RECENT_DAYS; day++) {
    const from = atMs - day * DAY_MS;
    const inHour = calls.filter((call) => call.timeMs >= from && call.timeMs < from + HOUR_MS);
    if (inHour.length === 0) continue;
    active++;
    count += inHour.length;
  }
  return active === 0 ? fallback : count / active;
}
