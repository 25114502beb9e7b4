-- The identity behind each audit event at its own time, written once by the enricher.
CREATE TABLE IF NOT EXISTS {database}.audit_enrichments
(
    event_id String,
    event_time DateTime,
    agent_id String,
    token_status String,
    token_status_reason String,
    token_subject String,
    token_agent_id String,
    user_status String,
    actor_chain Array(String),
    scopes Array(String),
    late UInt8,
    enriched_at DateTime
)
ENGINE = ReplacingMergeTree(enriched_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (agent_id, event_time, event_id)
