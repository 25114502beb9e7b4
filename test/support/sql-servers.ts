import type { ClickHouseClient } from '@clickhouse/client';
import type { Reader } from '@vigil/queries';
import { migrate, sqlString, type Migration } from '@vigil/runtime';
import type { Chdb } from './chdb';

/** One ClickHouse the same SQL is checked on: the stack's 18.16, or a current release (chDB). */
export interface SqlServer {
  name: string;
  command(sql: string): Promise<void>;
  read: Reader;
  migrate(database: string, migrations: Migration[]): Promise<string[]>;
}

export function stackServer(client: ClickHouseClient): SqlServer {
  return {
    name: 'ClickHouse 18.16 (the stack)',
    command: async (sql) => {
      await client.command({ query: sql });
    },
    read: async <T>(sql: string) =>
      (await client.query({ query: sql, format: 'JSONEachRow' })).json<T>(),
    migrate: (database, migrations) => migrate(client, database, migrations),
  };
}

export function chdbServer(chdb: Chdb): SqlServer {
  return {
    name: 'current ClickHouse (chDB)',
    command: async (sql) => {
      await chdb.client.command({ query: sql });
    },
    read: (sql) => chdb.rows(sql),
    migrate: (database, migrations) => migrate(chdb.client, database, migrations),
  };
}

type Value = string | number | readonly string[];

/** `INSERT … VALUES` text for rows of strings, numbers and string arrays (every string through sqlString). */
export function insertSql(table: string, rows: ReadonlyArray<Record<string, Value>>): string {
  const [first] = rows;
  if (!first) throw new Error('insertSql needs at least one row');
  const literal = (value: Value): string =>
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? sqlString(value)
        : `[${value.map(sqlString).join(', ')}]`;
  const columns = Object.keys(first);
  const values = rows.map((row) => `(${columns.map((c) => literal(row[c] as Value)).join(', ')})`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`;
}
