import type { AgentState } from './agent-state';
import type { DetectionConfig } from './config';
import { formatDuration } from './format';
import type { WindowScale } from './scales';
import type { WindowAggregate } from './window-aggregate';

/**
 * One agent's window that the watermark just closed, or one still open that
 * an event just pushed over a threshold (early firing, `asOfMs` set): what
 * every window kind judges.
 */
export interface ClosedWindow {
  readonly agent: AgentState;
  readonly start: number;
  readonly end: number;
  readonly window: WindowAggregate;
  readonly config: DetectionConfig;
  /** Its scale: the floors it is judged with and the prefix of its anomaly keys. */
  readonly scale: WindowScale;
  /** Set while the window is still open: the event time of the event that crossed the threshold. */
  readonly asOfMs?: number;
}

/** When the judgement holds: the window's end, or the crossing event of an open window. */
export function judgedAtMs(closed: ClosedWindow): number {
  return closed.asOfMs ?? closed.end;
}

/** "10 minutes", or for an open window "4 minutes so far (its 10-minute window is still open)". */
export function describeSpan(closed: ClosedWindow): string {
  const span = formatDuration(closed.end - closed.start);
  if (closed.asOfMs === undefined) return span;
  const soFar = formatDuration(Math.max(closed.asOfMs - closed.start, 60_000));
  return `${soFar} so far (the window of ${span} is still open)`;
}
