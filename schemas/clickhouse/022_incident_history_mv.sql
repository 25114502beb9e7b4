-- Copies each incident version into incident_history as it is inserted.
CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.incident_history_mv TO {database}.incident_history AS
SELECT incident_id, agent_id, version, updated_at, change, changed_by, status, owner, note, isolation, max_score,
       severity, anomaly_ids
FROM {database}.incidents
