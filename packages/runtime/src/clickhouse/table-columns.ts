import type { ClickHouseClient } from '@clickhouse/client';
import { RuntimeError } from '../errors';
import { isRowBinaryType, type RowBinaryColumn } from './row-binary';
import { sqlString } from './sql-literal';

type ColumnTypes = Map<string, string>;

/**
 * Each table's column types as the server declares them, read once per client: the
 * migrations run before a service writes, and Vigil never changes a column's type in
 * place (a new type is a new table, as 008–012 did), so a type read once holds.
 */
const known = new WeakMap<ClickHouseClient, Map<string, Promise<ColumnTypes>>>();

/** The named columns with their RowBinary types; a column the table lacks, or of a type RowBinary here cannot write, is refused. */
export async function tableColumns(
  client: ClickHouseClient,
  database: string,
  table: string,
  names: readonly string[],
): Promise<RowBinaryColumn[]> {
  const types = await columnTypes(client, database, table);
  return names.map((name) => {
    const type = types.get(name);
    if (type === undefined || !isRowBinaryType(type)) {
      throw new RuntimeError(
        'VIGIL_SQL_VALUE_INVALID',
        `${database}.${table}.${name}: ${type === undefined ? 'no such column' : `type ${type} has no RowBinary writer`}`,
      );
    }
    return { name, type };
  });
}

function columnTypes(client: ClickHouseClient, database: string, table: string) {
  let tables = known.get(client);
  if (!tables) {
    tables = new Map();
    known.set(client, tables);
  }
  const key = `${database}.${table}`;
  let types = tables.get(key);
  if (!types) {
    types = readColumnTypes(client, database, table);
    tables.set(key, types);
    // A failed read (an outage) is not remembered: the retry reads again.
    const cache = tables;
    types.catch(() => cache.delete(key));
  }
  return types;
}

async function readColumnTypes(
  client: ClickHouseClient,
  database: string,
  table: string,
): Promise<ColumnTypes> {
  const result = await client.query({
    query: `SELECT name, type FROM system.columns WHERE database = ${sqlString(database)} AND table = ${sqlString(table)}`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ name: string; type: string }>();
  if (rows.length === 0) {
    // Not remembered either: the table may be created by a migration still to run.
    throw new RuntimeError('VIGIL_SQL_VALUE_INVALID', `no table ${database}.${table}`);
  }
  return new Map(rows.map((row) => [row.name, row.type]));
}
