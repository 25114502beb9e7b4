-- One row per alert and delivery target (delivery_id = alert_id/target), written once when its delivery is settled (delivered or failed).
-- Deliveries still in flight live in the durable outbox topic, not here.
CREATE TABLE IF NOT EXISTS {database}.isolations
(
    delivery_id String,
    alert_id String,
    agent_id String,
    action String,
    severity String,
    score Float64,
    reason String,
    anomaly_ids Array(String),
    target String,
    created_at DateTime,
    settled_at DateTime,
    status String,
    attempts UInt32,
    last_error String
)
ENGINE = ReplacingMergeTree(settled_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (agent_id, created_at, alert_id, target)
