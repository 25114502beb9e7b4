import type { DraftCall } from '../draft';
import { DAY_MS, HOUR_MS } from '../rhythm';

/** What an agent usually does, measured on its benign calls before `beforeMs`: slow attacks scale to it. */
export interface UsualActivity {
  /** Mean calls in an hour the agent was active at all. */
  callsPerActiveHour: number;
  /** Mean response bytes on a day the agent was active at all. */
  bytesPerActiveDay: number;
}

export function usualActivity(calls: readonly DraftCall[], beforeMs: number): UsualActivity {
  const hours = new Set<number>();
  const days = new Set<number>();
  let count = 0;
  let bytes = 0;
  for (const call of calls) {
    if (call.timeMs >= beforeMs) break;
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
