import type { AuditEvent, Enrichment } from '@vigil/contracts';
import type { AgentState, OpState, ServerState } from './agent-state';
import type { DetectionConfig } from './config';
import type { Population } from './population';

/**
 * The one event being ingested, with the state it touches. The engine owns a
 * single instance and refills it for each event, so the per-event detectors
 * allocate nothing on the quiet path.
 */
export interface EventContext {
  config: DetectionConfig;
  population: Population;
  agent: AgentState;
  event: AuditEvent;
  enrichment: Enrichment | undefined;
  time: number;
  /** Start of the (latest) window the event falls in: per-event kinds report once per window. */
  windowStart: number;
  server: ServerState;
  op: OpState;
}

/** True the first time `key` is reported for this agent in this window. */
export function firstReportInWindow(agent: AgentState, windowStart: number, key: string): boolean {
  let keys = agent.reported.get(windowStart);
  if (keys === undefined) {
    keys = new Set();
    agent.reported.set(windowStart, keys);
  }
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}
