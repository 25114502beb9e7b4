-- What analysts query: every accepted event once, with its enrichment ('pending' until the enricher has judged it).
-- A view, because ClickHouse 18.16 cannot update a row in place and each writer writes its part once.
-- FINAL: a row written twice (a stale partition owner finishing its insert after a rebalance) counts once
-- even before ReplacingMergeTree merges it away.
CREATE VIEW IF NOT EXISTS {database}.audit_events AS
SELECT
    event_id, event_time, agent_id, method, server_id, outcome, tool_name, resource_uri, session_id,
    token_id, on_behalf_of, request_bytes, response_bytes, duration_ms, gateway_id, source_ip,
    server_version, tool_schema_hash, ingested_at,
    if(enriched = 1, token_status, 'pending') AS token_status,
    token_status_reason, token_subject, token_agent_id, user_status, actor_chain, scopes, late
FROM {database}.audit_events_raw FINAL
ANY LEFT JOIN
(
    SELECT event_id, token_status, token_status_reason, token_subject, token_agent_id, user_status,
           actor_chain, scopes, late, toUInt8(1) AS enriched
    FROM {database}.audit_enrichments
) AS enrichments USING (event_id)
