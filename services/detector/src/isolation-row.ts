import { toEpochMs, type IsolationAlert } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

export interface SettledDelivery {
  target: string;
  status: 'delivered' | 'failed' | 'undelivered';
  attempts: number;
  lastError: string;
}

/** The `isolations` row of one alert's delivery to one target, written once it is settled. */
export function toIsolationRow(
  alert: IsolationAlert,
  delivery: SettledDelivery,
  settledAtMs: number,
) {
  return {
    delivery_id: `${alert.alertId}/${delivery.target}`,
    alert_id: alert.alertId,
    agent_id: alert.agentId,
    action: alert.action,
    severity: alert.severity,
    score: alert.score,
    reason: alert.reason,
    anomaly_ids: alert.anomalies.map((a) => a.anomalyId),
    target: delivery.target,
    created_at: toClickHouseDateTime(toEpochMs(alert.createdAt)),
    settled_at: toClickHouseDateTime(settledAtMs),
    status: delivery.status,
    attempts: delivery.attempts,
    last_error: delivery.lastError,
  };
}
