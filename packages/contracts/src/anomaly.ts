import { z } from 'zod';
import { rfc3339 } from './time';

export const AnomalyKind = z.enum([
  'new_resource',
  'call_volume',
  'payload_size',
  'token_misuse',
  'revoked_token',
  'principal_fanout',
  'tool_definition_changed',
]);
export type AnomalyKind = z.infer<typeof AnomalyKind>;

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

/** Upper bound on evidence ids carried by one anomaly, so one anomaly stays small. */
export const MAX_EVIDENCE_EVENTS = 20;

/** One detected anomaly (topic `vigil.anomalies.v1`; ClickHouse `anomalies`). */
export const Anomaly = z.object({
  /** Deterministic: the same input gives the same id. */
  anomalyId: z.string().min(1),
  /** Processing time; the only field that differs between replays. */
  detectedAt: rfc3339,
  /** The triggering event's time, or the window's end. */
  eventTime: rfc3339,
  agentId: z.string().min(1),
  kind: AnomalyKind,
  score: z.number().min(0).max(100),
  severity: Severity,
  observed: z.string(),
  expected: z.string(),
  explanation: z.string().min(1),
  evidenceEventIds: z.array(z.string()).max(MAX_EVIDENCE_EVENTS),
  /** How many occurrences of the same cause this anomaly stands for (1 when first raised). */
  count: z.number().int().positive(),
  /**
   * Grows each time the same cause repeats or a window that fired early closes:
   * the anomaly keeps its id, readers take the highest version.
   */
  version: z.number().int().positive(),
});
export type Anomaly = z.infer<typeof Anomaly>;
