import { MAX_EVIDENCE_EVENTS } from '@vigil/contracts';
import type { OpState } from './agent-state';

export interface OpWindow {
  count: number;
  /** Filled while its window is open; in a roll-up, the busiest closed window's list, shared. */
  evidence: string[];
  /** In a roll-up: calls of the base window its evidence came from (the busiest so far). */
  peak?: number;
}

/** What one agent did in one window: the input of the window kinds. */
export interface WindowAggregate {
  calls: number;
  bytes: number;
  /** Filled while the window is open; in a roll-up, the busiest closed window's list, shared. */
  evidence: string[];
  readonly ops: Map<OpState, OpWindow>;
  /** Distinct users acted for (onBehalfOf), with the first event for each. */
  readonly users: Set<string>;
  /** The user of the previous call, to skip the set for runs of calls for one user. */
  lastUser: string | undefined;
  readonly userEvidence: string[];
  /** The largest responses, for payload evidence. */
  largestIds: string[];
  largestBytes: number[];
  /** Smallest of largestBytes once it is full: most responses are below it and skip the scan. */
  largestFloor: number;
  /** A single oversized response was already reported in this window. */
  payloadReported: boolean;
  /** In a roll-up: calls of the base window `evidence` came from (the busiest so far). */
  peak: number;
  /**
   * Causes (`kind\u0000cause`) a shorter window inside this one already reported:
   * a longer window does not report them again (it still learns with the same caps).
   */
  reported: Set<string> | undefined;
  /**
   * Early firing, base windows only: judge the open window again once its
   * calls, bytes or distinct users reach these (what could make it fire at
   * the earliest); Infinity once that kind fired early or cannot fire.
   */
  nextCalls: number;
  nextBytes: number;
  nextUsers: number;
  /**
   * The baseline version (early-deferral.ts) the triggers were last judged
   * under: a later version sets them back to the floors. NaN: never judged.
   */
  earlyVersion: number;
}

/** Where an open window is first judged early: the floors below which no window kind fires. */
export interface EarlyFloors {
  readonly calls: number;
  readonly bytes: number;
  readonly users: number;
}

/** Never judged before it closes: roll-ups, and windows when early firing is off. */
const NEVER: EarlyFloors = { calls: Infinity, bytes: Infinity, users: Infinity };

export function createWindowAggregate(early: EarlyFloors = NEVER): WindowAggregate {
  return {
    calls: 0,
    bytes: 0,
    evidence: [],
    ops: new Map(),
    users: new Set(),
    lastUser: undefined,
    userEvidence: [],
    largestIds: [],
    largestBytes: [],
    largestFloor: 0,
    payloadReported: false,
    peak: 0,
    reported: undefined,
    nextCalls: early.calls,
    nextBytes: early.bytes,
    nextUsers: early.users,
    earlyVersion: NaN,
  };
}

export function addToWindow(
  window: WindowAggregate,
  op: OpState,
  eventId: string,
  responseBytes: number | undefined,
  onBehalfOf: string | undefined,
): void {
  window.calls++;
  if (window.evidence.length < MAX_EVIDENCE_EVENTS) window.evidence.push(eventId);
  let opWindow = op.lastWindow === window ? op.lastCounter : window.ops.get(op);
  if (opWindow === undefined) {
    opWindow = { count: 0, evidence: [] };
    window.ops.set(op, opWindow);
  }
  op.lastWindow = window;
  op.lastCounter = opWindow;
  opWindow.count++;
  if (opWindow.evidence.length < MAX_EVIDENCE_EVENTS) opWindow.evidence.push(eventId);
  if (responseBytes !== undefined && responseBytes > 0) {
    window.bytes += responseBytes;
    keepLargest(window, eventId, responseBytes);
  }
  if (onBehalfOf !== undefined && onBehalfOf !== window.lastUser) {
    window.lastUser = onBehalfOf;
    if (!window.users.has(onBehalfOf)) {
      window.users.add(onBehalfOf);
      if (window.userEvidence.length < MAX_EVIDENCE_EVENTS) window.userEvidence.push(eventId);
    }
  }
}

function keepLargest(window: WindowAggregate, eventId: string, bytes: number): void {
  const { largestIds, largestBytes } = window;
  if (largestBytes.length < MAX_EVIDENCE_EVENTS) {
    largestIds.push(eventId);
    largestBytes.push(bytes);
    if (largestBytes.length === MAX_EVIDENCE_EVENTS) {
      // Exact copies: the pushes left room for twice as many, held while the window is open.
      window.largestIds = largestIds.slice();
      window.largestBytes = largestBytes.slice();
      window.largestFloor = smallestAt(largestBytes);
    }
    return;
  }
  if (bytes <= window.largestFloor) return;
  let smallest = 0;
  for (let i = 1; i < largestBytes.length; i++) {
    if ((largestBytes[i] as number) < (largestBytes[smallest] as number)) smallest = i;
  }
  largestIds[smallest] = eventId;
  largestBytes[smallest] = bytes;
  window.largestFloor = smallestAt(largestBytes);
}

/** Math.min over the list without spreading it into arguments (an allocation per call). */
function smallestAt(values: readonly number[]): number {
  let smallest = Infinity;
  for (let i = 0; i < values.length; i++) smallest = Math.min(smallest, values[i] as number);
  return smallest;
}

/**
 * Adds a closed shorter window to a longer one that contains it (a roll-up):
 * counts and bytes add up, users are a union, the largest responses stay the
 * largest; the evidence of calls (in all, per operation) is the busiest
 * shorter window's, so a slow attack's evidence is its busiest stretch. A
 * closed window's evidence lists never change again: they are shared, not copied.
 */
export function foldWindow(into: WindowAggregate, from: WindowAggregate): void {
  into.calls += from.calls;
  if (from.calls > into.peak) {
    into.peak = from.calls;
    into.evidence = from.evidence;
  }
  // forEach, not for-of: no [key, value] array per entry on a path run for every agent every hop.
  from.ops.forEach((counted, op) => {
    const target = into.ops.get(op);
    if (target === undefined) {
      into.ops.set(op, { count: counted.count, evidence: counted.evidence, peak: counted.count });
      return;
    }
    target.count += counted.count;
    if (counted.count > (target.peak ?? 0)) {
      target.peak = counted.count;
      target.evidence = counted.evidence;
    }
  });
  into.bytes += from.bytes;
  for (let i = 0; i < from.largestIds.length; i++)
    keepLargest(into, from.largestIds[i] as string, from.largestBytes[i] as number);
  // The i-th user of a window is the one its i-th user evidence introduced.
  let i = 0;
  from.users.forEach((user) => {
    if (!into.users.has(user)) {
      into.users.add(user);
      const evidence = from.userEvidence[i];
      if (evidence !== undefined && into.userEvidence.length < MAX_EVIDENCE_EVENTS)
        into.userEvidence.push(evidence);
    }
    i++;
  });
  into.payloadReported ||= from.payloadReported;
  if (from.reported !== undefined) for (const cause of from.reported) markReported(into, cause);
}

/** Records that `cause` (`kind\u0000cause`) was reported in this window. */
export function markReported(window: WindowAggregate, cause: string): void {
  (window.reported ??= new Set()).add(cause);
}

/** Evidence ids of the largest responses, largest first. */
export function largestEvidence(window: WindowAggregate): string[] {
  return window.largestIds
    .map((id, i) => [id, window.largestBytes[i] as number] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
}

/** Drops the per-operation shortcuts into a window that has closed, so it can be collected. */
export function releaseWindow(window: WindowAggregate): void {
  for (const op of window.ops.keys()) {
    if (op.lastWindow === window) {
      op.lastWindow = undefined;
      op.lastCounter = undefined;
    }
  }
}

/**
 * An open window's counts and evidence as they are now, sharing nothing with
 * it: what early firing replays a waiting agent's later events onto.
 */
export function copyWindow(window: WindowAggregate): WindowAggregate {
  const copy = createWindowAggregate();
  copy.calls = window.calls;
  copy.bytes = window.bytes;
  copy.evidence = window.evidence.slice();
  window.ops.forEach((counted, op) => {
    copy.ops.set(
      op,
      counted.peak === undefined
        ? { count: counted.count, evidence: counted.evidence.slice() }
        : { count: counted.count, evidence: counted.evidence.slice(), peak: counted.peak },
    );
  });
  window.users.forEach((user) => copy.users.add(user));
  copy.lastUser = window.lastUser;
  copy.userEvidence.push(...window.userEvidence);
  copy.largestIds = window.largestIds.slice();
  copy.largestBytes = window.largestBytes.slice();
  copy.largestFloor = window.largestFloor;
  copy.payloadReported = window.payloadReported;
  copy.peak = window.peak;
  if (window.reported !== undefined) copy.reported = new Set(window.reported);
  return copy;
}
