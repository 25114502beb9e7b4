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

/**
 * Incident times are kept to the second, as ClickHouse's DateTime stores them, so a version read
 * back from the table is exactly the version that was made.
 */
export function wholeSecond(timestamp: string): string {
  return new Date(Math.floor(Date.parse(timestamp) / 1000) * 1000).toISOString();
}
