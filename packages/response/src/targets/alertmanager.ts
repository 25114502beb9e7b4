import { createHash } from 'node:crypto';
import type { IsolationAlert } from '@vigil/contracts';

const ALERT_NAME = 'VigilIsolation';
/** How Alertmanager marks a firing alert's end time: the zero time. */
const NOT_ENDED = '0001-01-01T00:00:00Z';

/**
 * The version 4 JSON that Alertmanager itself POSTs to webhook receivers, so any
 * receiver built for Alertmanager can take Vigil's alerts unchanged.
 */
export function alertmanagerBody(alert: IsolationAlert, receiver: string) {
  const labels = {
    alertname: ALERT_NAME,
    agent_id: alert.agentId,
    action: alert.action,
    severity: alert.severity,
    alert_id: alert.alertId,
  };
  const annotations = {
    summary: alert.reason,
    score: String(alert.score),
    anomalies: alert.anomalies.map((a) => `${a.kind} (${a.score}): ${a.explanation}`).join('\n'),
  };
  const groupLabels = { alertname: ALERT_NAME, agent_id: alert.agentId };
  return {
    version: '4',
    groupKey: `{}:{alertname="${ALERT_NAME}", agent_id=${JSON.stringify(alert.agentId)}}`,
    truncatedAlerts: 0,
    status: 'firing' as const,
    receiver,
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [
      {
        status: 'firing' as const,
        labels,
        annotations,
        startsAt: alert.createdAt,
        endsAt: NOT_ENDED,
        generatorURL: '',
        fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
      },
    ],
  };
}
