import { createClient } from '@clickhouse/client';
import {
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  readMigrations,
  sqlString,
  sqlStringList,
} from '@vigil/runtime';
import { afterAll, describe, expect, inject, it } from 'vitest';

const clickhouse = createClient({ url: inject('clickhouseUrl') });
const database = `t_sql_${Date.now().toString(36)}`;

afterAll(async () => {
  await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await clickhouse.close();
});

async function roundTrip(value: string): Promise<string> {
  const result = await clickhouse.query({
    query: `SELECT ${sqlString(value)} AS v`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ v: string }>();
  return row?.v ?? '<no row>';
}

describe('SQL literals on the real ClickHouse', () => {
  const hostile = [
    "x' OR 1=1 --",
    "'; DROP DATABASE system; --",
    '\\',
    "\\'",
    "a\\\\'b",
    'line\nbreak\r\ttab',
    'nul\0byte',
    '\b\f',
    "unicode ✓ — ünïcödé 🚀 ' \\",
    '`backtick` "double"',
    '/* comment */ -- end',
    '{database} $1 ? %s',
  ];

  it.each(hostile)('a value comes back exactly as it went in: %j', async (value) => {
    expect(await roundTrip(value)).toBe(value);
  });

  it('an IN list of hostile values matches each value and nothing else', async () => {
    const result = await clickhouse.query({
      query: `SELECT count() AS n FROM (SELECT arrayJoin([${hostile.map(sqlString).join(', ')}, 'other']) AS v) WHERE v IN ${sqlStringList(hostile)}`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string }>();
    expect(Number(row?.n)).toBe(hostile.length);
  });
});

describe('migrations', () => {
  it('apply once, in order, and a second run applies nothing', async () => {
    const migrations = readMigrations(DEFAULT_MIGRATIONS_DIR, database);
    const first = await migrate(clickhouse, database, migrations);
    const second = await migrate(clickhouse, database, migrations);
    expect(first).toEqual(migrations.map((m) => m.version));
    expect(second).toEqual([]);
    const tables = await (
      await clickhouse.query({ query: `SHOW TABLES FROM ${database}`, format: 'JSONEachRow' })
    ).json<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'audit_events_raw',
        'audit_enrichments',
        'anomalies',
        'isolations',
      ]),
    );
  });

  it('audit_events counts a row written twice once, before any merge', async () => {
    await migrate(clickhouse, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
    const row = `('twice-1', '2026-03-02 10:00:00', 'agent-1', 'tools/call', 'crm', 'ok', now())`;
    for (let i = 0; i < 2; i++) {
      await clickhouse.command({
        query: `INSERT INTO ${database}.audit_events_raw (event_id, event_time, agent_id, method, server_id, outcome, ingested_at) VALUES ${row}`,
      });
    }
    const count = async (table: string) =>
      Number(
        (
          await (
            await clickhouse.query({
              query: `SELECT count() AS n FROM ${database}.${table} WHERE event_id = 'twice-1'`,
              format: 'JSONEachRow',
            })
          ).json<{ n: string }>()
        )[0]?.n,
      );
    expect(await count('audit_events_raw')).toBe(2);
    expect(await count('audit_events')).toBe(1);
  });
});
