-- For analysts: the latest version of every anomaly, one row per anomaly_id (count = occurrences it stands for).
-- FINAL keeps the highest version of each sort key even before a merge. Filter in WHERE, never PREWHERE:
-- PREWHERE with FINAL filters before the versions are compared and may return an older one.
CREATE VIEW IF NOT EXISTS {database}.anomalies_latest AS
SELECT anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, count, version
FROM {database}.anomalies FINAL
