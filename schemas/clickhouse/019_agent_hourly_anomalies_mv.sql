-- Each anomaly counts once, by its first version (later versions are the same cause again). It counts in the
-- hour it happened: a window's anomaly carries the window's end, so one second earlier is inside the window.
CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.agent_hourly_anomalies_mv TO {database}.agent_hourly_anomalies AS
SELECT agent_id, toStartOfHour(event_time - 1) AS hour, count() AS anomalies
FROM {database}.anomalies
WHERE version = 1
GROUP BY agent_id, hour
