-- Every anomaly stored before versions existed is its first version, standing for one occurrence.
-- Ids already copied are left out, so a second run copies nothing twice.
-- skip if: SELECT count() FROM system.columns WHERE database = '{database}' AND table = 'anomalies' AND name = 'version'
INSERT INTO {database}.anomalies_versioned (anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, count, version)
SELECT anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, toUInt32(1), toUInt32(1)
FROM {database}.anomalies
WHERE anomaly_id NOT IN (SELECT anomaly_id FROM {database}.anomalies_versioned)
