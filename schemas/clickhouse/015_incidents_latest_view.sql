-- For analysts, the CLI and the console: the latest version of every incident, one row per incident_id.
-- Filter in WHERE, never PREWHERE (PREWHERE with FINAL filters before the versions are compared).
CREATE VIEW IF NOT EXISTS {database}.incidents_latest AS
SELECT incident_id, agent_id, opened_at, updated_at, last_anomaly_at, status, owner, note, max_score, severity,
       kinds, anomaly_ids, isolation, alert_ids, change, changed_by, version
FROM {database}.incidents FINAL
