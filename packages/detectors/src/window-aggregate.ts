import { MAX_EVIDENCE_EVENTS } from '@vigil/contracts';
import type { OpState } from './agent-state';

export interface OpWindow {
  count: number;
  readonly evidence: string[];
}

/** What one agent did in one window: the input of the window kinds. */
export interface WindowAggregate {
  calls: number;
  bytes: number;
  readonly evidence: string[];
  readonly ops: Map<OpState, OpWindow>;
  /** Distinct users acted for (onBehalfOf), with the first event for each. */
  readonly users: Set<string>;
  /** The user of the previous call, to skip the set for runs of calls for one user. */
  lastUser: string | undefined;
  readonly userEvidence: string[];
  /** The largest responses, for payload evidence. */
  readonly largestIds: string[];
  readonly largestBytes: number[];
  /** Smallest of largestBytes once it is full: most responses are below it and skip the scan. */
  largestFloor: number;
  /** A single oversized response was already reported in this window. */
  payloadReported: boolean;
}

export function createWindowAggregate(): WindowAggregate {
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
    if (largestBytes.length === MAX_EVIDENCE_EVENTS)
      window.largestFloor = Math.min(...largestBytes);
    return;
  }
  if (bytes <= window.largestFloor) return;
  let smallest = 0;
  for (let i = 1; i < largestBytes.length; i++) {
    if ((largestBytes[i] as number) < (largestBytes[smallest] as number)) smallest = i;
  }
  largestIds[smallest] = eventId;
  largestBytes[smallest] = bytes;
  window.largestFloor = Math.min(...largestBytes);
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
