import type { AnomalyKind, IsolationAction, IsolationAlert } from '@vigil/contracts';
import { sqlString } from '@vigil/runtime';
import type { ReceivedAlert } from '../support/alert-receiver';
import { CLOCK_AGENT } from '../support/clock-events';
import type { IsolatedPipeline } from '../support/isolated-pipeline';
import { readTopic } from '../support/read-topic';

/** The latest version of one stored anomaly (one cause). */
export interface StoredCause {
  anomalyId: string;
  kind: AnomalyKind;
  agentId: string;
  version: number;
  count: number;
  /** Every version stored, in order: `v<version> <score> <severity>`. */
  history: string;
}

export interface DecidedAlert {
  alertId: string;
  agentId: string;
  action: IsolationAction;
  anomalyIds: string[];
}

/** What one run of the stream left behind, counted where the outside world reads it. */
export interface RunOutcome {
  seconds: number;
  /** Distinct audit events fed (duplicate deliveries counted once). */
  eventsIn: number;
  /** Rows in `audit_events_raw`, and distinct event ids among them. */
  stored: number;
  storedDistinct: number;
  causes: StoredCause[];
  /** Rows of `anomalies` beyond one per (anomaly_id, version). */
  versionsStoredTwice: number;
  /** The alerts the detector decided on (`vigil.isolations.v1`), one per id. */
  alertsDecided: DecidedAlert[];
  /** Every request the webhook receiver got. */
  requests: Array<{ idempotencyKey: string; alertId: string; status: number }>;
  /** Rows of `isolations` not marked delivered. */
  undelivered: number;
}

const NOT_CLOCK = `agent_id != ${sqlString(CLOCK_AGENT)}`;

/** The alerts on the isolations topic (a decision re-sent after a crash counts once). */
export async function decidedAlerts(pipeline: IsolatedPipeline): Promise<DecidedAlert[]> {
  const admin = pipeline.kafka.admin();
  await admin.connect();
  const ends = await admin
    .fetchTopicOffsets(pipeline.topics.isolations)
    .finally(() => admin.disconnect());
  const total = ends.reduce((sum, end) => sum + Number(end.high), 0);
  if (total === 0) return [];
  const messages = await readTopic(pipeline.kafka, pipeline.topics.isolations, total);
  const alerts = new Map<string, DecidedAlert>();
  for (const message of messages) {
    const alert = JSON.parse(String(message.value)) as IsolationAlert;
    alerts.set(alert.alertId, {
      alertId: alert.alertId,
      agentId: alert.agentId,
      action: alert.action,
      anomalyIds: alert.anomalies.map((a) => a.anomalyId),
    });
  }
  return [...alerts.values()].sort((a, b) => a.alertId.localeCompare(b.alertId));
}

export async function readOutcome(
  pipeline: IsolatedPipeline,
  eventsIn: number,
  received: readonly ReceivedAlert[],
  alertsDecided: DecidedAlert[],
  seconds: number,
): Promise<RunOutcome> {
  const causes = await pipeline.rows<{
    anomaly_id: string;
    kind: AnomalyKind;
    agent: string;
    latest: number;
    occurrences: number;
    versions: number[];
    scores: number[];
    severities: string[];
  }>(
    `SELECT anomaly_id, any(kind) AS kind, any(agent_id) AS agent,
            max(version) AS latest, argMax(count, version) AS occurrences,
            groupArray(version) AS versions, groupArray(score) AS scores,
            groupArray(severity) AS severities
     FROM {db}.anomalies WHERE ${NOT_CLOCK} GROUP BY anomaly_id`,
  );
  return {
    seconds,
    eventsIn,
    stored: await pipeline.scalar(`SELECT count() FROM {db}.audit_events_raw WHERE ${NOT_CLOCK}`),
    storedDistinct: await pipeline.scalar(
      `SELECT uniqExact(event_id) FROM {db}.audit_events_raw WHERE ${NOT_CLOCK}`,
    ),
    causes: causes.map((c) => ({
      anomalyId: c.anomaly_id,
      kind: c.kind,
      agentId: c.agent,
      version: Number(c.latest),
      count: Number(c.occurrences),
      history: c.versions
        .map((v, i) => ({
          v: Number(v),
          text: `v${v} ${Number(c.scores[i]).toFixed(1)} ${c.severities[i]}`,
        }))
        .sort((a, b) => a.v - b.v)
        .map((entry) => entry.text)
        .join(', '),
    })),
    versionsStoredTwice: await pipeline.scalar(
      'SELECT count() - uniqExact(anomaly_id, version) FROM {db}.anomalies',
    ),
    alertsDecided,
    requests: received.map((r) => ({
      idempotencyKey: String(r.headers['idempotency-key']),
      alertId: (JSON.parse(r.body) as { alertId: string }).alertId,
      status: r.status,
    })),
    undelivered: await pipeline.scalar(
      `SELECT count() FROM {db}.isolations WHERE status != 'delivered'`,
    ),
  };
}
