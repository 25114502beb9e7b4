-- Accepted MCP audit events, written once by the collector (payload contents are never stored, only sizes).
-- ReplacingMergeTree on the full sort key is a safety net for a rebalance race; the writer already checks
-- for existing ids before it inserts, so plain queries count each event once.
CREATE TABLE IF NOT EXISTS {database}.audit_events_raw
(
    event_id String,
    event_time DateTime,
    agent_id String,
    method String,
    server_id String,
    outcome String,
    tool_name String,
    resource_uri String,
    session_id String,
    token_id String,
    on_behalf_of String,
    request_bytes UInt64,
    response_bytes UInt64,
    duration_ms Float64,
    gateway_id String,
    source_ip String,
    server_version String,
    tool_schema_hash String,
    kafka_partition UInt32,
    kafka_offset UInt64,
    ingested_at DateTime
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (agent_id, event_time, event_id)
