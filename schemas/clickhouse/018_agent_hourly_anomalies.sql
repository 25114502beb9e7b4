-- Anomalies per agent and hour (kept by 019): each cause counted once.
CREATE TABLE IF NOT EXISTS {database}.agent_hourly_anomalies
(
    agent_id String,
    hour DateTime,
    anomalies UInt64
)
ENGINE = SummingMergeTree(anomalies)
PARTITION BY toYYYYMM(hour)
ORDER BY (agent_id, hour)
