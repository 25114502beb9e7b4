import type { Anomaly } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

export function toAnomalyRow(anomaly: Anomaly) {
  return {
    anomaly_id: anomaly.anomalyId,
    detected_at: toClickHouseDateTime(anomaly.detectedAt),
    event_time: toClickHouseDateTime(anomaly.eventTime),
    agent_id: anomaly.agentId,
    kind: anomaly.kind,
    score: anomaly.score,
    severity: anomaly.severity,
    observed: anomaly.observed,
    expected: anomaly.expected,
    explanation: anomaly.explanation,
    evidence_event_ids: anomaly.evidenceEventIds,
  };
}
