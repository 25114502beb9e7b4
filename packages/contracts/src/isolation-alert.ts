import { z } from 'zod';
import { AnomalyKind, Severity } from './anomaly';
import { rfc3339 } from './time';

export const IsolationAction = z.enum(['isolate', 'notify']);
export type IsolationAction = z.infer<typeof IsolationAction>;

/** Webhook body and `vigil.isolations.v1` message. */
export const IsolationAlert = z.object({
  alertId: z.string().min(1),
  agentId: z.string().min(1),
  action: IsolationAction,
  severity: Severity,
  score: z.number().min(0).max(100),
  reason: z.string().min(1),
  anomalies: z
    .array(
      z.object({
        anomalyId: z.string().min(1),
        kind: AnomalyKind,
        score: z.number().min(0).max(100),
        explanation: z.string(),
      }),
    )
    .min(1),
  createdAt: rfc3339,
});
export type IsolationAlert = z.infer<typeof IsolationAlert>;

export const IsolationStatus = z.enum(['pending', 'delivered', 'failed']);
export type IsolationStatus = z.infer<typeof IsolationStatus>;
