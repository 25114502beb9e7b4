-- Contract 1.1: an agent's anomalies grouped into incidents. Every change (a new anomaly, an isolation, a
-- person's acknowledge, close or release) is a new row of the same incident_id with version + 1; nothing is
-- updated in place. ReplacingMergeTree on `version` keeps the latest; opened_at never changes across versions,
-- so all versions share one sort key and FINAL (or argMax(…, version)) reads the latest before any merge.
-- change and changed_by record what made each version and who (`vigil` for the pipeline), updated_at when.
CREATE TABLE IF NOT EXISTS {database}.incidents
(
    incident_id String,
    agent_id String,
    opened_at DateTime,
    updated_at DateTime,
    last_anomaly_at DateTime,
    status String,
    owner String,
    note String,
    max_score Float64,
    severity String,
    kinds Array(String),
    anomaly_ids Array(String),
    isolation String,
    alert_ids Array(String),
    change String,
    changed_by String,
    version UInt32
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY (agent_id, opened_at, incident_id)
