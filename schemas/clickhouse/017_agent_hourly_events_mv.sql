-- Fills agent_hourly_events from every audit event the collector stores. A resource's shape is its URI with
-- UUIDs and numbers made placeholders (the detectors' finer, learned shapes live in their state, not here).
-- Bytes are request plus response; errors are outcomes other than ok (error or denied).
CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.agent_hourly_events_mv TO {database}.agent_hourly_events AS
SELECT
    agent_id,
    toStartOfHour(event_time) AS hour,
    countState() AS calls,
    sumState(request_bytes + response_bytes) AS bytes,
    sumState(toUInt64(outcome != 'ok')) AS errors,
    uniqIfState(
        replaceRegexpAll(
            replaceRegexpAll(lower(resource_uri), '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '{uuid}'),
            '[0-9]+', '{n}'),
        resource_uri != '') AS resource_shapes,
    uniqIfState(on_behalf_of, on_behalf_of != '') AS users
FROM {database}.audit_events_raw
GROUP BY agent_id, hour
