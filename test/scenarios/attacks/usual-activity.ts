import { SESSION_IDLE_MS } from '../credentials';
import type { DraftCall } from '../draft';
import { DAY_MS, HOUR_MS, OFFICE_HOURS, type Rhythm } from '../rhythm';

/**
 * What an agent usually does lately, measured on its benign calls in the `RECENT_DAYS` (a week, weekend included) before
 * `beforeMs`: slow attacks scale to it. Recent, because agents whose work grows every day would
 * otherwise be measured on their lighter first days, and a "20×" attack would be a few times their
 * usual by the time it runs.
 */
export interface UsualActivity {
  /** Mean audit events (calls and the session openings they bring) in an hour the agent was active at all. */
  callsPerActiveHour: number;
  /** Mean response bytes on a day the agent was active at all. */
  bytesPerActiveDay: number;
}

const RECENT_DAYS = 7;

export function usualActivity(calls: readonly DraftCall[], beforeMs: number): UsualActivity {
  const sinceMs = beforeMs - RECENT_DAYS * DAY_MS;
  const hours = new Set<number>();
  const days = new Set<number>();
  const events = auditEventsPerCall(calls);
  let count = 0;
  let bytes = 0;
  calls.forEach((call, index) => {
    if (call.timeMs >= beforeMs || call.timeMs < sinceMs) return;
    hours.add(Math.floor(call.timeMs / HOUR_MS));
    days.add(Math.floor(call.timeMs / DAY_MS));
    count += events[index] ?? 1;
    bytes += call.responseBytes;
  });
  return {
    callsPerActiveHour: hours.size === 0 ? 0 : count / hours.size,
    bytesPerActiveDay: days.size === 0 ? 0 : bytes / days.size,
  };
}

/**
 * Mean calls in the hour from `atMs` on the previous `RECENT_DAYS` days of the same kind (weekdays
 * for a weekday, weekend days for a weekend day, in the agent's local time), over the days the agent
 * was active in that hour: its usual for this time of day, which is what "five times its usual hour"
 * means to anyone watching an agent with a daily rhythm (its busy hours are several times its mean
 * hour, and a quiet Saturday is no measure of a Monday). Falls back to `fallback` when it was never
 * active then.
 */
export function usualCallsInHourAt(
  calls: readonly DraftCall[],
  atMs: number,
  fallback: number,
  rhythm: Rhythm = OFFICE_HOURS,
): number {
  const weekend = isWeekend(atMs, rhythm);
  const events = auditEventsPerCall(calls);
  let active = 0;
  let count = 0;
  for (let day = 1; day <= RECENT_DAYS; day++) {
    const from = atMs - day * DAY_MS;
    if (isWeekend(from, rhythm) !== weekend) continue;
    let inHour = 0;
    calls.forEach((call, index) => {
      if (call.timeMs >= from && call.timeMs < from + HOUR_MS) inHour += events[index] ?? 1;
    });
    if (inHour === 0) continue;
    active++;
    count += inHour;
  }
  return active === 0 ? fallback : count / active;
}

/**
 * Audit events each call will become: the call itself, plus the `initialize` and `tools/list` that
 * open a session when its (agent, user) credential was idle (see credentials.ts). The detector counts
 * events, so "five times its usual hour" is measured in them: an agent that works for many users
 * opens a session for most calls, and counting calls alone would make a 5× attack a 2× one.
 */
function auditEventsPerCall(calls: readonly DraftCall[]): number[] {
  const lastUse = new Map<string, number>();
  return calls.map((call) => {
    const last = lastUse.get(call.tokenUser);
    lastUse.set(call.tokenUser, call.timeMs);
    return last === undefined || call.timeMs - last > SESSION_IDLE_MS ? 3 : 1;
  });
}

function isWeekend(timeMs: number, rhythm: Rhythm): boolean {
  const day = new Date(timeMs + rhythm.utcOffsetHours * HOUR_MS).getUTCDay();
  return day === 0 || day === 6;
}
