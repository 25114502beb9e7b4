-- Anomalies, one row per deterministic anomaly_id (the writer skips ids already stored).
CREATE TABLE IF NOT EXISTS {database}.anomalies
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
    evidence_event_ids Array(String)
)
ENGINE = ReplacingMergeTree(detected_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (agent_id, event_time, anomaly_id)
