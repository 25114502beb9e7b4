import type { Anomaly, IsolationAction, IsolationAlert } from '@vigil/contracts';
import { computeAlertId } from './alert-id';
import { higherSeverity, severityRank } from './severity';

/** Highest score first; ties broken by severity, then id, so the order never depends on arrival. */
function byImportance(a: Anomaly, b: Anomaly): number {
  return (
    b.score - a.score ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.anomalyId < b.anomalyId ? -1 : a.anomalyId > b.anomalyId ? 1 : 0)
  );
}

function reasonFor(agentId: string, action: IsolationAction, ranked: Anomaly[]): string {
  const [top] = ranked;
  if (top === undefined) throw new Error('an alert needs at least one anomaly');
  const verdict = action === 'isolate' ? 'isolated' : 'reviewed';
  const explanation = top.explanation.trim().replace(/[.!\s]+$/, '');
  const others = ranked.length - 1;
  const more =
    others === 0 ? '' : ` (and ${others} more ${others === 1 ? 'anomaly' : 'anomalies'})`;
  return `Agent ${agentId} should be ${verdict}: ${explanation}${more}.`;
}

/** One alert for one agent's anomalies; the most important ones are kept when there are too many. */
export function buildAlert(input: {
  agentId: string;
  action: IsolationAction;
  anomalies: readonly Anomaly[];
  nowMs: number;
  maxAnomalies: number;
}): IsolationAlert {
  const ranked = [...input.anomalies].sort(byImportance).slice(0, input.maxAnomalies);
  const [top] = ranked;
  if (top === undefined) throw new Error('an alert needs at least one anomaly');
  const severity = ranked.reduce((s, a) => higherSeverity(s, a.severity), top.severity);
  return {
    alertId: computeAlertId({
      agentId: input.agentId,
      action: input.action,
      severity,
      anomalyIds: ranked.map((a) => a.anomalyId),
    }),
    agentId: input.agentId,
    action: input.action,
    severity,
    score: top.score,
    reason: reasonFor(input.agentId, input.action, ranked),
    anomalies: ranked.map((a) => ({
      anomalyId: a.anomalyId,
      kind: a.kind,
      score: a.score,
      explanation: a.explanation,
    })),
    createdAt: new Date(input.nowMs).toISOString(),
  };
}
