import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { sqlIdentifier, sqlString, sqlStringList } from './sql-literal';
import { withStoreRetry } from './store-retry';
import { toTabSeparated, type TabSeparatedValue } from './tab-separated';

export interface StoredRowsQuery {
  database: string;
  table: string;
  /** Column holding each row's unique, deterministic id. */
  idColumn: string;
  ids: string[];
  /** Narrows the lookup to the sort key's prefix (e.g. agent_id), so it reads few granules. */
  scope?: { column: string; values: string[] };
  /** Narrows the lookup to a DateTime range ('YYYY-MM-DD hh:mm:ss', inclusive): a repeat has the same event time. */
  timeRange?: { column: string; from: string; to: string };
  /** Further columns to return beside the id. */
  columns?: string[];
}

/** The rows among `ids` that the table already holds, keyed by id. */
export async function findStoredRows<Extra extends Record<string, unknown>>(
  client: ClickHouseClient,
  query: StoredRowsQuery,
): Promise<Map<string, Extra>> {
  if (query.ids.length === 0) return new Map();
  const table = `${sqlIdentifier(query.database)}.${sqlIdentifier(query.table)}`;
  const idColumn = sqlIdentifier(query.idColumn);
  const columns = [`${idColumn} AS id`, ...(query.columns ?? []).map(sqlIdentifier)].join(', ');
  let where = `${idColumn} IN ${sqlStringList([...new Set(query.ids)])}`;
  if (query.scope && query.scope.values.length > 0) {
    const scopeColumn = sqlIdentifier(query.scope.column);
    where = `${scopeColumn} IN ${sqlStringList([...new Set(query.scope.values)])} AND ${where}`;
  }
  if (query.timeRange) {
    const { column, from, to } = query.timeRange;
    where = `${sqlIdentifier(column)} BETWEEN toDateTime(${sqlString(from)}) AND toDateTime(${sqlString(to)}) AND ${where}`;
  }
  const rows = await withStoreRetry(table, async () => {
    const result = await client.query({
      query: `SELECT ${columns} FROM ${table} WHERE ${where}`,
      format: 'JSONEachRow',
    });
    return result.json<{ id: string } & Extra>();
  });
  return new Map(rows.map((row) => [row.id, row]));
}

export async function insertRows(
  client: ClickHouseClient,
  database: string,
  tableName: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const table = `${sqlIdentifier(database)}.${sqlIdentifier(tableName)}`;
  await withStoreRetry(table, () => client.insert({ table, values: rows, format: 'JSONEachRow' }));
}

/**
 * Inserts flat rows (strings and numbers) as TabSeparated, the cheaper format
 * for both sides; the columns are the first row's keys.
 */
export async function insertFlatRows(
  client: ClickHouseClient,
  database: string,
  tableName: string,
  rows: ReadonlyArray<Record<string, TabSeparatedValue>>,
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const table = `${sqlIdentifier(database)}.${sqlIdentifier(tableName)}`;
  const columns = Object.keys(first).map(sqlIdentifier);
  const body = toTabSeparated(columns, rows);
  await withStoreRetry(table, () =>
    client.insert({
      table,
      columns: columns as [string, ...string[]],
      // A fresh stream per attempt: a stream is read once.
      values: Readable.from([body], { objectMode: false }),
      format: 'TabSeparated',
    }),
  );
}

/**
 * Inserts only the rows whose id is not stored yet, so a replay after a crash
 * (results stored, offsets not committed) writes nothing twice. One writer owns
 * a key range at a time (Kafka partition ownership), so check-then-insert is safe.
 * Returns the rows actually inserted.
 */
export async function insertNewRows<Row extends Record<string, unknown>>(
  client: ClickHouseClient,
  rows: Row[],
  options: { database: string; table: string; idColumn: string; idOf: (row: Row) => string },
): Promise<Row[]> {
  const unique = new Map<string, Row>();
  for (const row of rows) if (!unique.has(options.idOf(row))) unique.set(options.idOf(row), row);
  const stored = await findStoredRows(client, { ...options, ids: [...unique.keys()] });
  const fresh = [...unique.entries()].filter(([id]) => !stored.has(id)).map(([, row]) => row);
  await insertRows(client, options.database, options.table, fresh);
  return fresh;
}
