import { toEpochMs, type Anomaly } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

export type AnomalyRow = ReturnType<typeof toAnomalyRow>;

/** The `anomalies` row of one version of an anomaly (the table keeps versions; readers take the latest). */
export function toAnomalyRow(anomaly: Anomaly) {
  return {
    anomaly_id: anomaly.anomalyId,
    detected_at: toClickHouseDateTime(toEpochMs(anomaly.detectedAt)),
    event_time: toClickHouseDateTime(toEpochMs(anomaly.eventTime)),
    agent_id: anomaly.agentId,
    kind: anomaly.kind,
    score: anomaly.score,
    severity: anomaly.severity,
    observed: anomaly.observed,
    expected: anomaly.expected,
    explanation: anomaly.explanation,
    evidence_event_ids: anomaly.evidenceEventIds,
    count: anomaly.count,
    version: anomaly.version,
  };
}
