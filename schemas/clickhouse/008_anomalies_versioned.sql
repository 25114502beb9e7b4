-- Contract 1.1: one cause is one anomaly, updated by version. Each version is a row; ReplacingMergeTree on
-- `version` keeps the latest of an anomaly_id (its agent and event time stay the same across versions, so
-- all of them share one sort key), and readers take the latest with FINAL or argMax(…, version).
-- ClickHouse 18.16 cannot change a table's engine: 008–012 build this table beside the old one, copy the old
-- rows as version 1, swap the two by RENAME and drop the old one. Each step is safe to run again.
-- skip if: SELECT count() FROM system.columns WHERE database = '{database}' AND table = 'anomalies' AND name = 'version'
CREATE TABLE IF NOT EXISTS {database}.anomalies_versioned
(
    anomaly_id String,
    detected_at DateTime,
    event_time DateTime,
    agent_id String,
    kind String,
    score Float64,
    severity String,
    observed String,
    expected String,
    explanation String,
    evidence_event_ids Array(String),
    count UInt32 DEFAULT 1,
    version UInt32 DEFAULT 1
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_time)
ORDER BY (agent_id, event_time, anomaly_id)
