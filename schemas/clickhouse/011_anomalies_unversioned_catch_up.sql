-- Rows a writer added to the old table between the copy (009) and the swap (010), as version 1.
-- skip if: SELECT count() = 0 FROM system.tables WHERE database = '{database}' AND name = 'anomalies_unversioned'
INSERT INTO {database}.anomalies (anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, count, version)
SELECT anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, toUInt32(1), toUInt32(1)
FROM {database}.anomalies_unversioned
WHERE anomaly_id NOT IN (SELECT anomaly_id FROM {database}.anomalies)
