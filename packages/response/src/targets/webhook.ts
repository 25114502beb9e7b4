import type { IsolationAlert } from '@vigil/contracts';

/** The contract's webhook body, exactly: the alert and nothing else, fields in contract order. */
export function webhookBody(alert: IsolationAlert): IsolationAlert {
  return {
    alertId: alert.alertId,
    agentId: alert.agentId,
    action: alert.action,
    severity: alert.severity,
    score: alert.score,
    reason: alert.reason,
    anomalies: alert.anomalies.map((a) => ({
      anomalyId: a.anomalyId,
      kind: a.kind,
      score: a.score,
      explanation: a.explanation,
    })),
    createdAt: alert.createdAt,
  };
}
