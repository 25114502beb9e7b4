import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations, type Migration } from './migrate';

/** Records statements; `answers` decides what a statement does and what a `skip if` query returns. */
function fakeClickHouse(answers: {
  fails?: (sql: string) => boolean | Error;
  inPlace: () => boolean;
  /** Seconds since the migration lock's last beat. */
  lockIdle?: number;
}) {
  const commands: string[] = [];
  const client = {
    command: async ({ query }: { query: string }) => {
      commands.push(query);
      const fails = answers.fails?.(query);
      if (fails instanceof Error) throw fails;
      if (fails) throw new Error(`refused: ${query}`);
      return {};
    },
    query: async ({ query }: { query: string }) => ({
      json: async () => {
        if (query.includes('AS idle')) return [{ idle: answers.lockIdle ?? 0 }];
        return query.includes('schema_migrations') ? [] : [{ done: answers.inPlace() ? '1' : '0' }];
      },
    }),
  } as unknown as ClickHouseClient;
  return { client, commands };
}

const rename: Migration = {
  version: '010_swap',
  sql: 'RENAME TABLE db.a TO db.b',
  skipIf: 'SELECT 1',
};
const applied = (commands: string[]) =>
  commands.filter((c) => c.startsWith('INSERT INTO db.schema_migrations ('));

describe('readMigrations', () => {
  it('reads a `skip if` query from its comment line, with the database filled in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-migrations-'));
    writeFileSync(
      join(dir, '001_swap.sql'),
      "-- Swaps.\n-- skip if: SELECT count() FROM system.tables WHERE database = '{database}'\nRENAME TABLE {database}.a TO {database}.b\n",
    );
    writeFileSync(join(dir, '002_plain.sql'), 'CREATE TABLE IF NOT EXISTS {database}.c (x UInt8)');
    const [swap, plain] = readMigrations(dir, 'vigil_prod');
    expect(swap?.skipIf).toBe("SELECT count() FROM system.tables WHERE database = 'vigil_prod'");
    expect(swap?.sql).toContain('RENAME TABLE vigil_prod.a TO vigil_prod.b');
    expect(plain?.skipIf).toBeUndefined();
  });
});

describe('migrate', () => {
  it('records a migration whose effect is already in place without running it', async () => {
    const { client, commands } = fakeClickHouse({ inPlace: () => true });
    expect(await migrate(client, 'db', [rename])).toEqual(['010_swap']);
    expect(commands).not.toContain(rename.sql);
    expect(applied(commands)).toHaveLength(1);
  });

  it('counts a statement that failed because another instance just did the same step as applied', async () => {
    let renamed = false;
    const { client, commands } = fakeClickHouse({
      fails: (sql) => sql === rename.sql && (renamed = true),
      inPlace: () => renamed,
    });
    expect(await migrate(client, 'db', [rename])).toEqual(['010_swap']);
    expect(applied(commands)).toHaveLength(1);
  });

  it('stops with a coded error when a statement fails and its effect is not in place', async () => {
    const { client, commands } = fakeClickHouse({
      fails: (sql) => sql === rename.sql,
      inPlace: () => false,
    });
    await expect(migrate(client, 'db', [rename])).rejects.toMatchObject({
      code: 'VIGIL_MIGRATION_FAILED',
    });
    expect(applied(commands)).toEqual([]);
  });

  describe('one instance at a time', () => {
    const lockHeld = () =>
      new Error(
        'Code: 57, e.displayText() = DB::Exception: Table db.schema_migrations_lock already exists.',
      );
    const takesLock = (c: string) => c.startsWith('CREATE TABLE db.schema_migrations_lock');

    it('waits while another instance holds the lock, then migrates and lets it go', async () => {
      let held = 2;
      const { client, commands } = fakeClickHouse({
        fails: (sql) => takesLock(sql) && held-- > 0 && lockHeld(),
        inPlace: () => false,
      });
      expect(await migrate(client, 'db', [rename])).toEqual(['010_swap']);
      expect(commands.filter(takesLock)).toHaveLength(3);
      expect(commands.indexOf(rename.sql)).toBeGreaterThan(commands.findLastIndex(takesLock));
      expect(commands.at(-1)).toBe('DROP TABLE IF EXISTS db.schema_migrations_lock');
    });

    it('takes over a lock left by an instance that died while migrating', async () => {
      let held = true;
      const { client, commands } = fakeClickHouse({
        fails: (sql) => {
          if (sql.startsWith('DROP TABLE')) held = false;
          return takesLock(sql) && held && lockHeld();
        },
        inPlace: () => false,
        lockIdle: 600,
      });
      expect(await migrate(client, 'db', [rename])).toEqual(['010_swap']);
      expect(commands.filter((c) => c.startsWith('DROP TABLE'))).toHaveLength(2);
    });

    it('takes no lock when nothing is left to apply', async () => {
      const { client, commands } = fakeClickHouse({ inPlace: () => true });
      expect(await migrate(client, 'db', [])).toEqual([]);
      expect(commands.filter(takesLock)).toEqual([]);
    });
  });
});
