-- What analysts, the CLI and the console read: one row per agent and hour with plain numbers.
-- Filter on agent_id and hour in WHERE.
CREATE VIEW IF NOT EXISTS {database}.agent_hourly AS
SELECT agent_id, hour, calls, bytes, errors, resource_shapes, users, anomalies
FROM
(
    SELECT agent_id, hour, countMerge(calls) AS calls, sumMerge(bytes) AS bytes, sumMerge(errors) AS errors,
           uniqIfMerge(resource_shapes) AS resource_shapes, uniqIfMerge(users) AS users
    FROM {database}.agent_hourly_events
    GROUP BY agent_id, hour
) AS hourly_events
ANY LEFT JOIN
(
    SELECT agent_id, hour, sum(anomalies) AS anomalies
    FROM {database}.agent_hourly_anomalies
    GROUP BY agent_id, hour
) AS hourly_anomalies USING (agent_id, hour)
