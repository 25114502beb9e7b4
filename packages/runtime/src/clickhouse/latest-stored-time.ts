import type { ClickHouseClient } from '@clickhouse/client';
import { sqlIdentifier, sqlString } from './sql-literal';

/**
 * The latest time the table's partition-key DateTime column holds, as ClickHouse
 * DateTime text, or undefined for an empty table. Read from the parts' min-max
 * index (system.parts), so it costs the same on a billion rows as on ten.
 * When the parts cannot tell, it answers the latest DateTime there is.
 */
export async function latestStoredTime(
  client: ClickHouseClient,
  database: string,
  table: string,
): Promise<string | undefined> {
  const query = `SELECT toString(max(max_time)) AS latest, count() AS parts FROM system.parts
    WHERE active AND database = ${sqlString(sqlIdentifier(database))} AND table = ${sqlString(sqlIdentifier(table))}`;
  const [row] = await (await client.query({ query, format: 'JSONEachRow' })).json<LatestRow>();
  if (!row || Number(row.parts) === 0) return undefined;
  // A zero time: the partition key has no DateTime, or every row sits at zero. Nothing can be ruled out.
  return row.latest === ZERO_DATETIME ? LATEST_DATETIME : row.latest;
}

const ZERO_DATETIME = '0000-00-00 00:00:00';
/** The last second a ClickHouse DateTime can hold. */
export const LATEST_DATETIME = '2106-02-07 06:28:15';

interface LatestRow {
  latest: string;
  parts: number | string;
}
