import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { RuntimeError } from '../errors';
import type { Logger } from '../logger';
import { withMigrationLock } from './migration-lock';
import { sqlIdentifier, sqlString } from './sql-literal';

export interface Migration {
  version: string;
  sql: string;
  /**
   * A query whose first value is truthy once the migration's effect is already in place
   * (from a `-- skip if: SELECT …` line in the file). DDL that has no IF EXISTS on
   * ClickHouse 18.16, such as RENAME, is made safe to run again with it.
   */
  skipIf?: string;
}

const SKIP_IF = /^--\s*skip if:\s*(.+)$/m;

/** Reads `NNN_name.sql` files in order; `{database}` in them is replaced by the configured database. */
export function readMigrations(dir: string, database: string): Migration[] {
  const db = sqlIdentifier(database);
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8').replaceAll('{database}', db);
      const skipIf = SKIP_IF.exec(sql)?.[1]?.trim();
      return { version: file.replace(/\.sql$/, ''), sql, ...(skipIf ? { skipIf } : {}) };
    });
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order.
 * Each DDL file is itself idempotent (IF NOT EXISTS, or a `skip if` query that
 * sees its effect), so two services starting at once, or a crash between a DDL
 * and its record, are harmless. Instances take turns (migration-lock.ts). A
 * statement that fails while its `skip if` then holds was done before this
 * instance got to it (by one that died before its record): it counts as applied.
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
  const appliedVersions = async () => {
    const result = await client.query({
      query: `SELECT DISTINCT version FROM ${db}.schema_migrations`,
      format: 'JSONEachRow',
    });
    return new Set((await result.json<{ version: string }>()).map((row) => row.version));
  };
  const pending = (applied: Set<string>) => migrations.filter((m) => !applied.has(m.version));
  // The usual start, with nothing to do, takes no lock.
  if (pending(await appliedVersions()).length === 0) return [];
  return withMigrationLock(client, database, async () => {
    const done: string[] = [];
    for (const migration of pending(await appliedVersions())) {
      let inPlace: boolean;
      try {
        inPlace = await applyOne(client, migration);
        await client.command({
          query: `INSERT INTO ${db}.schema_migrations (version, applied_at) VALUES (${sqlString(migration.version)}, now())`,
        });
      } catch (error) {
        throw new RuntimeError(
          'VIGIL_MIGRATION_FAILED',
          `migration ${migration.version} failed`,
          true,
          { cause: error },
        );
      }
      logger?.info({ version: migration.version, inPlace }, 'applied ClickHouse migration');
      done.push(migration.version);
    }
    return done;
  });
}

/** Runs one migration unless its effect is already in place; returns whether it was skipped. */
async function applyOne(client: ClickHouseClient, migration: Migration): Promise<boolean> {
  const inPlace = async () =>
    migration.skipIf !== undefined && (await firstValueIsTrue(client, migration.skipIf));
  if (await inPlace()) return true;
  try {
    await client.command({ query: migration.sql });
    return false;
  } catch (error) {
    if (await inPlace()) return true;
    throw error;
  }
}

async function firstValueIsTrue(client: ClickHouseClient, query: string): Promise<boolean> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  const [row] = await result.json<Record<string, unknown>>();
  const value = row === undefined ? undefined : Object.values(row)[0];
  return value !== undefined && Number(value) !== 0;
}

/** The DDL folder shipped in the repository (schemas/clickhouse). */
export const DEFAULT_MIGRATIONS_DIR = join(import.meta.dirname, '../../../../schemas/clickhouse');
