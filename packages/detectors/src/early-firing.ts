import type { Expectation } from '@vigil/baselines';
import type { KeyedWindow } from '@vigil/streaming';
import { METRIC_BYTES, METRIC_CALLS, METRIC_USERS } from './agent-state';
import type { AnomalyDraft } from './anomaly';
import type { ClosedWindow } from './closed-window';
import { detectCallVolume } from './detect-call-volume';
import { detectWindowBytes } from './detect-payload-size';
import { detectPrincipalFanout } from './detect-principal-fanout';
import type { EarlyFloors, WindowAggregate } from './window-aggregate';

/** What an open window holds so far: its calls, bytes and distinct users. */
export interface RunningValues {
  calls: number;
  bytes: number;
  users: number;
}

export function runningValues(window: WindowAggregate): RunningValues {
  return { calls: window.calls, bytes: window.bytes, users: window.users.size };
}

/** A longer window an agent's open base window lies in: early firing watches it. */
export interface ScaleWatch {
  readonly level: number;
  readonly window: KeyedWindow<WindowAggregate>;
}

/** Whether the running values reach a trigger of the window that keeps them (`target`). */
export function reachesTrigger(running: RunningValues, target: WindowAggregate): boolean {
  return (
    running.calls >= target.nextCalls ||
    running.bytes >= target.nextBytes ||
    running.users >= target.nextUsers
  );
}

/**
 * The trigger of a kind that had nothing to compare with (no expectation yet):
 * judged again once the baseline moves on. Infinity is kept for what fired.
 */
export const NO_TRIGGER = Number.MAX_VALUE;

/** Triggers back to the floors, but for what fired: judged anew against a newer baseline. */
export function resetTriggers(window: WindowAggregate, floors: EarlyFloors): void {
  if (window.nextCalls !== Infinity) window.nextCalls = floors.calls;
  if (window.nextBytes !== Infinity) window.nextBytes = floors.bytes;
  if (window.nextUsers !== Infinity) window.nextUsers = floors.users;
}

/** An open window to judge early, as the window kinds see it at its close. */
export interface OpenWindow {
  /** The window so far (`window`), its span, scale and the crossing event's time (`asOfMs`). */
  readonly closed: ClosedWindow & { readonly asOfMs: number };
  /** The window whose triggers (nextCalls, nextBytes, nextUsers) are in running-value units. */
  readonly target: WindowAggregate;
  readonly running: RunningValues;
  readonly expected: (metric: number) => Expectation | undefined;
  /** The peer group's surge factors in the latest windows of this scale that closed. */
  readonly surge: readonly number[];
}

/**
 * Early firing: judges an open window whose running values reached a trigger,
 * by the same window kinds as at its close. What fires is handed to `emit`
 * and not judged early again in this window (the close reports the final
 * value as the next version of the same cause); what does not moves the
 * trigger to the fewest further calls, bytes or users that could make it
 * fire (no expectation yet: NO_TRIGGER). Counts only grow while a window is
 * open, so nothing reported early is ever taken back.
 */
export function judgeOpenWindow(open: OpenWindow, emit: (draft: AnomalyDraft) => void): void {
  const { closed, target, running, expected, surge } = open;
  if (running.calls >= target.nextCalls) {
    const calls = expected(METRIC_CALLS);
    const result =
      calls === undefined ? undefined : detectCallVolume(closed, calls, surge[METRIC_CALLS] ?? 1);
    result?.drafts.forEach(emit);
    target.nextCalls =
      result === undefined
        ? NO_TRIGGER
        : result.drafts.length > 0
          ? Infinity
          : running.calls + result.headroom;
  }
  if (running.bytes >= target.nextBytes) {
    const bytes = expected(METRIC_BYTES);
    const result =
      bytes === undefined ? undefined : detectWindowBytes(closed, bytes, surge[METRIC_BYTES] ?? 1);
    if (result?.draft !== undefined) emit(result.draft);
    target.nextBytes =
      result === undefined
        ? NO_TRIGGER
        : result.excess.fires
          ? Infinity
          : Math.max(result.excess.threshold, running.bytes + 1);
  }
  if (running.users >= target.nextUsers) {
    const users = expected(METRIC_USERS);
    const result = users === undefined ? undefined : detectPrincipalFanout(closed, users);
    if (result?.draft !== undefined) emit(result.draft);
    target.nextUsers =
      result === undefined
        ? NO_TRIGGER
        : result.excess.fires
          ? Infinity
          : Math.max(Math.ceil(result.excess.threshold), running.users + 1);
  }
}
