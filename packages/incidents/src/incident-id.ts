import { createHash } from 'node:crypto';

/**
 * Deterministic, like anomaly ids: the agent and the anomaly that opened the incident.
 * Replaying the same anomalies in the same order opens the same incidents with the same ids.
 */
export function computeIncidentId(agentId: string, firstAnomalyId: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([agentId, firstAnomalyId]))
    .digest();
  return `inc_${digest.toString('hex').slice(0, 24)}`;
}
