import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { VigilError } from '../errors';
import type { Logger } from '../logger';
import { sqlIdentifier, sqlString } from './sql-literal';

export interface Migration {
  version: string;
  sql: string;
}

/** Reads `NNN_name.sql` files in order; `{database}` in them is replaced by the configured database. */
export function readMigrations(dir: string, database: string): Migration[] {
  const db = sqlIdentifier(database);
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8').replaceAll('{database}', db),
    }));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order.
 * Each DDL file is itself idempotent (IF NOT EXISTS), so two services starting
 * at once, or a crash between a DDL and its record, are harmless.
 */
export async function migrate(
  client: ClickHouseClient,
  database: string,
  migrations: Migration[],
  logger?: Logger,
): Promise<string[]> {
  const db = sqlIdentifier(database);
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version String, applied_at DateTime) ENGINE = MergeTree() ORDER BY version`,
  });
  const result = await client.query({
    query: `SELECT DISTINCT version FROM ${db}.schema_migrations`,
    format: 'JSONEachRow',
  });
  const applied = new Set((await result.json<{ version: string }>()).map((row) => row.version));
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    try {
      await client.command({ query: migration.sql });
      await client.command({
        query: `INSERT INTO ${db}.schema_migrations (version, applied_at) VALUES (${sqlString(migration.version)}, now())`,
      });
    } catch (error) {
      throw new VigilError(
        'VIGIL_MIGRATION_FAILED',
        `migration ${migration.version} failed`,
        true,
        {
          cause: error,
        },
      );
    }
    logger?.info({ version: migration.version }, 'applied ClickHouse migration');
    done.push(migration.version);
  }
  return done;
}

/** The DDL folder shipped in the repository (schemas/clickhouse). */
export const DEFAULT_MIGRATIONS_DIR = join(import.meta.dirname, '../../../../schemas/clickhouse');
