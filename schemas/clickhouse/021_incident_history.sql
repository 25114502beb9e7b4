-- Every version of every incident, kept: who changed what, and when. `incidents` is a ReplacingMergeTree, whose
-- merges (and, on current releases, the insert itself) keep only the latest version of each incident; this log
-- is filled by a materialized view (022) from each insert into `incidents` before any merge, and never collapses.
CREATE TABLE IF NOT EXISTS {database}.incident_history
(
    incident_id String,
    agent_id String,
    version UInt32,
    updated_at DateTime,
    change String,
    changed_by String,
    status String,
    owner String,
    note String,
    isolation String,
    max_score Float64,
    severity String,
    anomaly_ids Array(String)
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(updated_at)
ORDER BY (incident_id, version)
