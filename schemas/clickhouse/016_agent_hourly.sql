-- Rollups for analysts: per agent and hour, calls, bytes, errors, distinct resource shapes and distinct users
-- (017 keeps them), and anomalies (018, 019); read them through the view agent_hourly (020).
-- AggregatingMergeTree holds partial states (ClickHouse 18.16 has no SimpleAggregateFunction), merged at read.
-- The views see rows inserted after they exist: an install from before 016 has rollups from then on.
CREATE TABLE IF NOT EXISTS {database}.agent_hourly_events
(
    agent_id String,
    hour DateTime,
    calls AggregateFunction(count),
    bytes AggregateFunction(sum, UInt64),
    errors AggregateFunction(sum, UInt64),
    resource_shapes AggregateFunction(uniqIf, String, UInt8),
    users AggregateFunction(uniqIf, String, UInt8)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (agent_id, hour)
