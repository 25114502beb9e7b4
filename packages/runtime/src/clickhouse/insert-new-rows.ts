import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { sqlIdentifier, sqlString, sqlStringList } from './sql-literal';
import { toTabSeparated, type TabSeparatedValue } from './tab-separated';

export interface StoredRowsQuery {
  database: string;
  table: string;
  /** Column holding each row's unique, deterministic id. */
  idColumn: string;
  ids: string[];
  /**
   * Narrows the lookup to the sort key's prefix (e.g. agent_id), so it reads few granules:
   * one value per id, in the same order.
   */
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
  const rows = await listStoredRows<Extra>(client, query);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Ids looked up per query. ClickHouse refuses a query text over `max_query_size` (256 KiB by
 * default), and what a stage gathers between two inserts, or a large fetch, can list more ids
 * than fit: about 2,000 ids of 40 characters and their scope values stay well within it.
 */
export const IDS_PER_LOOKUP = 2_000;

/** Every stored row whose id is among `ids` (a table that keeps versions may hold several per id). */
async function listStoredRows<Extra extends Record<string, unknown>>(
  client: ClickHouseClient,
  query: StoredRowsQuery,
): Promise<Array<{ id: string } & Extra>> {
  const found: Array<{ id: string } & Extra> = [];
  for (let from = 0; from < query.ids.length; from += IDS_PER_LOOKUP) {
    const to = from + IDS_PER_LOOKUP;
    const part = {
      ...query,
      ids: query.ids.slice(from, to),
      ...(query.scope && {
        scope: { column: query.scope.column, values: query.scope.values.slice(from, to) },
      }),
    };
    found.push(...(await listStoredRowsOnce<Extra>(client, part)));
  }
  return found;
}

async function listStoredRowsOnce<Extra extends Record<string, unknown>>(
  client: ClickHouseClient,
  query: StoredRowsQuery,
): Promise<Array<{ id: string } & Extra>> {
  if (query.ids.length === 0) return [];
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
  const result = await client.query({
    query: `SELECT ${columns} FROM ${table} WHERE ${where}`,
    format: 'JSONEachRow',
  });
  return result.json<{ id: string } & Extra>();
}

export async function insertRows(
  client: ClickHouseClient,
  database: string,
  tableName: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const table = `${sqlIdentifier(database)}.${sqlIdentifier(tableName)}`;
  await client.insert({ table, values: rows, format: 'JSONEachRow' });
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
  await client.insert({
    table,
    columns: columns as [string, ...string[]],
    values: Readable.from([body], { objectMode: false }),
    format: 'TabSeparated',
  });
}

export interface NewRowsOptions<Row> {
  database: string;
  table: string;
  /** Column holding each row's deterministic id. */
  idColumn: string;
  idOf: (row: Row) => string;
  /**
   * For a table that keeps versions of one id (a ReplacingMergeTree on this column): a row is
   * new when its (id, version) is not stored yet, so every new version is written and none twice.
   */
  version?: { column: string; of: (row: Row) => number };
  /** Narrows the lookup to the sort key's prefix (e.g. agent_id), so it reads few granules. */
  scope?: { column: string; of: (row: Row) => string };
  /**
   * Narrows the lookup to the batch's span of a DateTime column ('YYYY-MM-DD hh:mm:ss') that
   * follows the scope in the sort key, for rows whose time never changes between writes (an
   * event's own time): without it, a scope of every busy agent reads the whole table each batch.
   */
  timeRange?: { column: string; of: (row: Row) => string };
}

/**
 * Inserts only the rows whose id (or id and version) is not stored yet, so a replay
 * after a crash (results stored, offsets not committed) writes nothing twice. One writer
 * owns a key range at a time (Kafka partition ownership), so check-then-insert is safe.
 * Returns the rows actually inserted.
 */
export async function insertNewRows<Row extends Record<string, unknown>>(
  client: ClickHouseClient,
  rows: Row[],
  options: NewRowsOptions<Row>,
): Promise<Row[]> {
  const { version, scope, timeRange } = options;
  const keyOf = (id: string, v: unknown) => (version ? `${id}\u0000${Number(v)}` : id);
  const unique = new Map<string, Row>();
  for (const row of rows) {
    const key = keyOf(options.idOf(row), version?.of(row));
    if (!unique.has(key)) unique.set(key, row);
  }
  const batch = [...unique.values()];
  const stored = await listStoredRows<Record<string, unknown>>(client, {
    database: options.database,
    table: options.table,
    idColumn: options.idColumn,
    ids: batch.map(options.idOf),
    ...(version ? { columns: [version.column] } : {}),
    ...(scope ? { scope: { column: scope.column, values: batch.map(scope.of) } } : {}),
    ...(timeRange ? { timeRange: spanOf(timeRange.column, batch.map(timeRange.of)) } : {}),
  });
  const storedKeys = new Set(
    stored.map((row) => keyOf(row.id, version ? row[version.column] : undefined)),
  );
  const fresh = [...unique].filter(([key]) => !storedKeys.has(key)).map(([, row]) => row);
  await insertRows(client, options.database, options.table, fresh);
  return fresh;
}

/** The earliest and latest of DateTime texts, which sort as their times do. */
function spanOf(column: string, times: string[]): { column: string; from: string; to: string } {
  let from = times[0] ?? '';
  let to = from;
  for (const time of times) {
    if (time < from) from = time;
    if (time > to) to = time;
  }
  return { column, from, to };
}
