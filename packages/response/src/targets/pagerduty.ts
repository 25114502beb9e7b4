import type { IsolationAlert, Severity } from '@vigil/contracts';
import type { AlertContext } from './alert-context';

/** PagerDuty Events API v2 has four severities; Vigil's map onto them one to one. */
const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

/** PagerDuty truncates longer summaries; we cut first so the end is ours, not theirs. */
const MAX_SUMMARY_CHARS = 1024;

/** Events API v2 `trigger`; `dedup_key` is the alertId so a redelivery updates the same incident. */
export function pagerDutyBody(alert: IsolationAlert, routingKey: string, context: AlertContext) {
  const summary = `[${alert.action}] ${alert.reason}`;
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: alert.alertId,
    payload: {
      summary:
        summary.length > MAX_SUMMARY_CHARS
          ? `${summary.slice(0, MAX_SUMMARY_CHARS - 1)}…`
          : summary,
      source: alert.agentId,
      severity: PD_SEVERITY[alert.severity],
      timestamp: alert.createdAt,
      component: 'mcp-agent',
      class: alert.anomalies[0]?.kind,
      custom_details: {
        alertId: alert.alertId,
        action: alert.action,
        score: alert.score,
        ...(context.onBehalfOf === undefined ? {} : { onBehalfOf: context.onBehalfOf }),
        anomalies: alert.anomalies,
      },
    },
    client: 'Vigil',
  };
}
