import { createClient } from '@clickhouse/client';
import {
  DEFAULT_MIGRATIONS_DIR,
  insertNewRows,
  migrate,
  readMigrations,
  sqlString,
  sqlStringList,
  type Migration,
} from '@vigil/runtime';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { insertRowBinary } from './bench/row-binary';
import { chdbAvailable, startChdb } from './support/chdb';

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
  it('three instances migrating a fresh database at once take turns and all finish', async () => {
    // Without turns, ClickHouse 18.16 deadlocked 010's RENAME against another instance's 009 copy.
    const fresh = `${database}_together`;
    const migrations = readMigrations(DEFAULT_MIGRATIONS_DIR, fresh);
    const clients = [1, 2, 3].map(() =>
      createClient({ url: inject('clickhouseUrl'), request_timeout: 60_000 }),
    );
    try {
      const applied = await Promise.all(clients.map((c) => migrate(c, fresh, migrations)));
      expect(applied.flat().sort()).toEqual(migrations.map((m) => m.version));
      const [lock] = await (
        await clickhouse.query({
          query: `SELECT count() AS n FROM system.tables WHERE database = ${sqlString(fresh)} AND name = 'schema_migrations_lock'`,
          format: 'JSONEachRow',
        })
      ).json<{ n: string }>();
      expect(Number(lock?.n)).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${fresh}` });
    }
  });

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

describe("rows written as RowBinary (the insert bench's encoder) on the real ClickHouse", () => {
  const hostile = [
    "x' OR 1=1 --",
    '\\',
    'line\nbreak\r\ttab',
    'nul\0byte',
    "unicode ✓ — ünïcödé 🚀 ' \\",
    '€'.repeat(43),
    'x'.repeat(300),
    '',
  ];

  it('every column type of the audit and enrichment rows reads back exactly', async () => {
    await migrate(clickhouse, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
    const audit = hostile.map((text, i) => ({
      event_id: `rb-${i}`,
      event_time: `2026-03-02 10:00:0${i}`,
      agent_id: text,
      method: 'tools/call',
      server_id: 'crm',
      outcome: 'ok',
      resource_uri: text,
      request_bytes: 2 ** 40 + i,
      response_bytes: 0,
      duration_ms: 12.25 * i,
      kafka_partition: 4_294_967_295,
      kafka_offset: '18446744073709551615',
      ingested_at: '2105-12-31 23:59:59',
    }));
    const enrichments = hostile.map((text, i) => ({
      event_id: `rb-${i}`,
      event_time: `2026-03-02 10:00:0${i}`,
      agent_id: 'agent-1',
      token_status: 'active',
      token_subject: text,
      user_status: 'active',
      actor_chain: [text, 'b', ''],
      scopes: [],
      late: i % 2,
      // The first second: 18.16 shows DateTime 0 as 0000-00-00 00:00:00, whatever the format.
      enriched_at: '1970-01-01 00:00:01',
    }));
    await insertRowBinary(clickhouse, database, 'audit_events_raw', audit);
    await insertRowBinary(clickhouse, database, 'audit_enrichments', enrichments);
    const read = async <T>(query: string) =>
      (await clickhouse.query({ query, format: 'JSONEachRow' })).json<T>();
    const storedAudit = await read<Record<string, unknown>>(
      `SELECT ${Object.keys(audit[0] ?? {}).join(', ')} FROM ${database}.audit_events_raw WHERE event_id LIKE 'rb-%' ORDER BY event_id`,
    );
    expect(
      storedAudit.map((row) => ({
        ...row,
        request_bytes: Number(row.request_bytes),
        response_bytes: Number(row.response_bytes),
        kafka_offset: String(row.kafka_offset),
      })),
    ).toEqual(audit);
    const storedEnrichments = await read<Record<string, unknown>>(
      `SELECT ${Object.keys(enrichments[0] ?? {}).join(', ')} FROM ${database}.audit_enrichments WHERE event_id LIKE 'rb-%' ORDER BY event_id`,
    );
    expect(storedEnrichments).toEqual(enrichments);
  });
});

/** The migrations of an install from before anomalies had versions (contract 1.0). */
const beforeVersions = (migrations: Migration[]) => migrations.filter((m) => m.version < '008');

const oldAnomaly = (id: string) =>
  `('${id}', '2026-03-02 10:00:05', '2026-03-02 10:00:00', 'agent-1', 'payload_size', 95, 'critical', '40 MB', 'under 2 MB', 'Agent agent-1 received 40 MB.', ['ev-${id}'])`;
const ANOMALY_COLUMNS =
  'anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids';

/** One version of anomaly `id` as a row, as the detector writes it. */
const versionRow = (id: string, version: number, severity: string) => ({
  anomaly_id: id,
  detected_at: '2026-03-02 10:00:05',
  event_time: '2026-03-02 10:00:00',
  agent_id: 'agent-1',
  kind: 'revoked_token',
  score: 50 + version * 10,
  severity,
  observed: `${version} uses`,
  expected: 'none',
  explanation: `A revoked token was used ${version} times.`,
  evidence_event_ids: Array.from({ length: version }, (_, i) => `ev-${i + 1}`),
  count: version,
  version,
});

/** The same checks on ClickHouse 18.16 (the stack) and on a current release (chDB). */
interface Server {
  command(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  migrate(database: string, migrations: Migration[]): Promise<string[]>;
}

function checksOfVersions(name: string, server: () => Server) {
  describe(`anomaly versions on ${name}`, () => {
    const db = `t_versions_${Date.now().toString(36)}`;

    it('an install from before versions migrates: its anomalies become version 1, count 1', async () => {
      const all = readMigrations(DEFAULT_MIGRATIONS_DIR, db);
      await server().migrate(db, beforeVersions(all));
      await server().command(
        `INSERT INTO ${db}.anomalies (${ANOMALY_COLUMNS}) VALUES ${oldAnomaly('old-1')}, ${oldAnomaly('old-2')}`,
      );
      // A crash after the copy, before it was recorded: the copy runs again and adds nothing.
      const throughCopy = all.filter((m) => m.version < '010');
      await server().migrate(db, throughCopy);
      const copy = throughCopy.at(-1) as Migration;
      await server().migrate(db, [{ ...copy, version: `${copy.version}_again` }]);
      await server().migrate(db, all);
      // Every step again (as after a crash before its record): all in place, nothing changes.
      await server().migrate(
        db,
        all.map((m) => ({ ...m, version: `${m.version}_again` })),
      );

      const rows = await server().rows<{ anomaly_id: string; count: number; version: number }>(
        `SELECT anomaly_id, count, version FROM ${db}.anomalies ORDER BY anomaly_id`,
      );
      expect(rows.map((r) => [r.anomaly_id, Number(r.count), Number(r.version)])).toEqual([
        ['old-1', 1, 1],
        ['old-2', 1, 1],
      ]);
      const tables = await server().rows<{ name: string }>(`SHOW TABLES FROM ${db}`);
      const names = tables.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['anomalies', 'anomalies_latest']));
      expect(names.filter((t) => t.startsWith('anomalies_'))).toEqual(['anomalies_latest']);
      // The other views of the schema run on this server too.
      expect(await server().rows(`SELECT count() AS n FROM ${db}.audit_events`)).toHaveLength(1);
    });

    it('readers get the latest version of each anomaly, one row per id, before any merge', async () => {
      for (const [version, severity] of [
        [1, 'medium'],
        [2, 'high'],
        [2, 'high'],
        [3, 'critical'],
      ] as const) {
        const row = versionRow('v-1', version, severity);
        await server().command(
          `INSERT INTO ${db}.anomalies (${Object.keys(row).join(', ')}) VALUES (${Object.values(row)
            .map((v) =>
              Array.isArray(v)
                ? `[${v.map((e) => sqlString(e)).join(', ')}]`
                : typeof v === 'string'
                  ? sqlString(v)
                  : String(v),
            )
            .join(', ')})`,
        );
      }
      const latest = `SELECT anomaly_id, count, version, severity, evidence_event_ids FROM ${db}.anomalies FINAL WHERE anomaly_id = 'v-1'`;
      const expected = [
        {
          anomaly_id: 'v-1',
          count: 3,
          version: 3,
          severity: 'critical',
          evidence_event_ids: ['ev-1', 'ev-2', 'ev-3'],
        },
      ];
      const numbers = (rows: Array<Record<string, unknown>>) =>
        rows.map((r) => ({ ...r, count: Number(r.count), version: Number(r.version) }));
      expect(numbers(await server().rows(latest))).toEqual(expected);
      expect(
        numbers(
          await server().rows(
            `SELECT anomaly_id, count, version, severity, evidence_event_ids FROM ${db}.anomalies_latest WHERE anomaly_id = 'v-1'`,
          ),
        ),
      ).toEqual(expected);
      expect(
        numbers(
          await server().rows(
            `SELECT anomaly_id, argMax(count, v) AS count, max(v) AS version, argMax(severity, v) AS severity,
                    argMax(evidence_event_ids, v) AS evidence_event_ids
             FROM (SELECT anomaly_id, count, version AS v, severity, evidence_event_ids FROM ${db}.anomalies WHERE anomaly_id = 'v-1')
             GROUP BY anomaly_id`,
          ),
        ),
      ).toEqual(expected);
      // The README's queries for analysts.
      const [summary] = await server().rows<Record<string, unknown>>(
        `SELECT anomaly_id, max(version) AS latest_version, argMax(count, version) AS occurrences, argMax(score, version) AS latest_score FROM ${db}.anomalies WHERE anomaly_id = 'v-1' GROUP BY anomaly_id`,
      );
      expect(Object.values(summary ?? {}).map(String)).toEqual(['v-1', '3', '3', '80']);
      const [occurrences] = await server().rows<Record<string, unknown>>(
        `SELECT sum(count) AS occurrences FROM ${db}.anomalies_latest WHERE anomaly_id = 'v-1'`,
      );
      expect(Number(occurrences?.occurrences)).toBe(3);
      // A filter on a column that changed between versions sees only the latest version.
      expect(
        await server().rows(
          `SELECT anomaly_id FROM ${db}.anomalies_latest WHERE severity = 'medium' AND anomaly_id = 'v-1'`,
        ),
      ).toEqual([]);
      expect(
        await server().rows(
          `SELECT anomaly_id FROM ${db}.anomalies FINAL WHERE severity = 'high' AND anomaly_id = 'v-1'`,
        ),
      ).toEqual([]);
    });

    afterAll(async () => {
      await server().command(`DROP DATABASE IF EXISTS ${db}`);
    });
  });
}

checksOfVersions('ClickHouse 18.16 (the stack)', () => ({
  command: async (sql) => {
    await clickhouse.command({ query: sql });
  },
  rows: async (sql) => (await clickhouse.query({ query: sql, format: 'JSONEachRow' })).json(),
  migrate: (db, migrations) => migrate(clickhouse, db, migrations),
}));

// npm test installs chdb-core: without it these checks fail rather than pass unseen.
if (!chdbAvailable()) throw new Error('chdb-core is missing: pip install chdb-core==26.9.0');
const chdb = startChdb();
afterAll(async () => {
  await chdb.close();
});
checksOfVersions('current ClickHouse (chDB)', () => ({
  command: async (sql) => {
    await chdb.client.command({ query: sql });
  },
  rows: (sql) => chdb.rows(sql),
  migrate: (db, migrations) => migrate(chdb.client, db, migrations),
}));

describe('insertNewRows with versions', () => {
  it('writes every new (id, version) once: a replay writes nothing, a new version is written', async () => {
    await migrate(clickhouse, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
    const options = {
      database,
      table: 'anomalies',
      idColumn: 'anomaly_id',
      idOf: (row: ReturnType<typeof versionRow>) => row.anomaly_id,
      version: { column: 'version', of: (row: ReturnType<typeof versionRow>) => row.version },
      scope: { column: 'agent_id', of: (row: ReturnType<typeof versionRow>) => row.agent_id },
    };
    const first = [versionRow('w-1', 1, 'medium'), versionRow('w-1', 2, 'high')];
    expect(await insertNewRows(clickhouse, [...first, first[0] as never], options)).toHaveLength(2);
    expect(await insertNewRows(clickhouse, first, options)).toEqual([]);
    const third = versionRow('w-1', 3, 'critical');
    expect(await insertNewRows(clickhouse, [...first, third], options)).toEqual([third]);
    const stored = await (
      await clickhouse.query({
        query: `SELECT count() AS rows, uniqExact(anomaly_id, version) AS versions FROM ${database}.anomalies WHERE anomaly_id = 'w-1'`,
        format: 'JSONEachRow',
      })
    ).json<{ rows: string; versions: string }>();
    expect(stored.map((r) => [Number(r.rows), Number(r.versions)])).toEqual([[3, 3]]);
  });

  // What a stage gathers between two inserts can list more ids than one query may hold
  // (max_query_size, 256 KiB): here 12,000 ids of 48 characters and their agents, about 1 MB.
  it('looks up a gathered write of 12,000 rows in parts, and a replay of it writes nothing', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      ...versionRow(`gathered-${String(i).padStart(6, '0')}-${'x'.repeat(32)}`, 1, 'low'),
      agent_id: `agent-${String(i).padStart(6, '0')}`,
    }));
    const options = {
      database,
      table: 'anomalies',
      idColumn: 'anomaly_id',
      idOf: (row: (typeof rows)[number]) => row.anomaly_id,
      version: { column: 'version', of: (row: (typeof rows)[number]) => row.version },
      scope: { column: 'agent_id', of: (row: (typeof rows)[number]) => row.agent_id },
    };
    expect(await insertNewRows(clickhouse, rows, options)).toHaveLength(12_000);
    expect(await insertNewRows(clickhouse, rows, options)).toEqual([]);
  });
});
