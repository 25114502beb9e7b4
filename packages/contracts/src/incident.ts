import { z } from 'zod';
import { AnomalyKind, Severity } from './anomaly';
import { rfc3339 } from './time';

export const IncidentStatus = z.enum(['open', 'acknowledged', 'closed']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const IncidentIsolation = z.enum(['none', 'isolated', 'released']);
export type IncidentIsolation = z.infer<typeof IncidentIsolation>;

/** What made a version: the pipeline (`opened`, `anomaly`, `isolated`) or a person (the rest). */
export const IncidentChange = z.enum([
  'opened',
  'anomaly',
  'isolated',
  'acknowledged',
  'closed',
  'released',
]);
export type IncidentChange = z.infer<typeof IncidentChange>;

/**
 * One version of an incident: an agent's anomalies close in time, grouped (topic
 * `vigil.incidents.v1`; ClickHouse `incidents`). Every change is a new version of the same
 * deterministic `incidentId`; readers keep the highest version.
 */
export const Incident = z.object({
  /** Deterministic: the agent and the anomaly that opened it. */
  incidentId: z.string().min(1),
  agentId: z.string().min(1),
  /** Event time of the earliest anomaly. */
  openedAt: rfc3339,
  /** When this version was made: the anomaly's detection, the alert's creation, or the person's action. */
  updatedAt: rfc3339,
  /** Event time of the latest anomaly: the next one joins if it comes within the gap. */
  lastAnomalyAt: rfc3339,
  status: IncidentStatus,
  /** Who took it on ('' until someone acknowledges it). */
  owner: z.string(),
  note: z.string(),
  maxScore: z.number().min(0).max(100),
  severity: Severity,
  kinds: z.array(AnomalyKind),
  anomalyIds: z.array(z.string().min(1)),
  isolation: IncidentIsolation,
  /** Isolation alerts already applied, so a replayed alert changes nothing. */
  alertIds: z.array(z.string().min(1)),
  change: IncidentChange,
  /** `vigil` for the pipeline's own changes, else the person who acted. */
  changedBy: z.string().min(1),
  version: z.number().int().positive(),
});
export type Incident = z.infer<typeof Incident>;

/**
 * A person's action on an incident (internal topic `vigil.incident.actions.v1`, keyed by agent
 * id). The incidents stage is the one writer of incidents: it applies actions in order with the
 * anomalies, so an acknowledgement and a new anomaly never race for the same version.
 */
export const IncidentAction = z.object({
  /** Unique per action: a replayed action is recognised. */
  actionId: z.string().min(1),
  incidentId: z.string().min(1),
  agentId: z.string().min(1),
  action: z.enum(['acknowledge', 'close', 'release']),
  by: z.string().min(1),
  at: rfc3339,
  note: z.string().optional(),
});
export type IncidentAction = z.infer<typeof IncidentAction>;
