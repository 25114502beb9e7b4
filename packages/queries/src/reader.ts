import type { ClickHouseClient } from '@clickhouse/client';
import { sqlIdentifier } from '@vigil/runtime';

/**
 * Where a query runs: rows of one SELECT as JSON objects. The stack's ClickHouse 18.16 through
 * the client, or a current release (chDB in the tests): every query here is checked on both.
 */
export type Reader = <T = Record<string, unknown>>(sql: string) => Promise<T[]>;

export function clickHouseReader(client: ClickHouseClient): Reader {
  return async <T>(sql: string) =>
    (await client.query({ query: sql, format: 'JSONEachRow' })).json<T>();
}

/** `db.table` for a configured database, refusing anything but plain identifiers. */
export function tableOf(database: string, table: string): string {
  return `${sqlIdentifier(database)}.${sqlIdentifier(table)}`;
}
