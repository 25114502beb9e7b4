import { createHash } from 'node:crypto';
import type { IsolationAction, Severity } from '@vigil/contracts';

/**
 * Deterministic: the same agent, action, severity and set of anomalies give the same
 * id, so an alert re-emitted after a crash carries the same `Idempotency-Key` and
 * receivers drop the repeat. Anomaly order does not matter.
 */
export function computeAlertId(input: {
  agentId: string;
  action: IsolationAction;
  severity: Severity;
  anomalyIds: readonly string[];
}): string {
  const anomalyIds = [...input.anomalyIds].sort();
  const canonical = JSON.stringify([input.agentId, input.action, input.severity, anomalyIds]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
