-- Anomalies as first written (contract 1.0); 008–012 turn this table into one that keeps versions.
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
