import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import {
  agentHours,
  agentIsolations,
  agentKnownGround,
  anomalyCountsByDay,
  anomaliesByIds,
  evidenceEvents,
  incidentHistory,
  knownIncidents,
  listIncidents,
  pipelineCounts,
} from '@vigil/queries';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import * as fixture from './support/analyst-fixture';
import { chdbAvailable, startChdb } from './support/chdb';
import { chdbServer, stackServer, type SqlServer } from './support/sql-servers';

/** docs/queries.md's queries by heading, with the `vigil.` database made the test's own. */
function documentedQueries(database: string): Map<string, string> {
  const text = readFileSync(join(import.meta.dirname, '../docs/queries.md'), 'utf8');
  const queries = new Map<string, string>();
  for (const section of text.split(/^## /m).slice(1)) {
    const name = section.slice(0, section.indexOf('\n')).trim();
    const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
    if (sql) queries.set(name, sql.replace(/\bvigil\./g, `${database}.`));
  }
  return queries;
}

const MB = 1_000_000;

/** The rollups, docs/queries.md and every query of @vigil/queries on one server. */
function analystChecks(name: string, server: () => SqlServer) {
  describe(`analysts' SQL on ${name}`, () => {
    const database = `t_analyst_${Date.now().toString(36)}`;
    let queries: Map<string, string>;
    const run = <T = Record<string, unknown>>(name: string) => {
      const sql = queries.get(name);
      if (!sql) throw new Error(`docs/queries.md has no query "${name}"`);
      return server().read<T>(sql);
    };

    beforeAll(async () => {
      await server().migrate(database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
      await fixture.loadAnalystFixture((sql) => server().command(sql), database);
      queries = documentedQueries(database);
    });

    afterAll(async () => {
      await server().command(`DROP DATABASE IF EXISTS ${database}`);
    });

    it('the hourly rollups count calls, bytes, errors, shapes, users and anomalies per agent and hour', async () => {
      const rows = await run('agent-hours');
      expect(rows.map((r) => Object.values(r).map(String))).toEqual([
        ['2026-03-02 06:00:00', '1', '100200', '0', '1', '1', '0'],
        ['2026-03-02 07:00:00', '1', '100200', '0', '1', '1', '0'],
        ['2026-03-02 08:00:00', '1', '100200', '1', '1', '1', '0'],
        ['2026-03-02 09:00:00', '2', String(31 * MB + 400), '0', '1', '1', '0'],
        ['2026-03-02 10:00:00', '3', String(40 * MB + 20_600), '0', '1', '2', '1'],
      ]);
    });

    it('everything an agent did for a user in the hour before its isolation', async () => {
      const rows = await run<{ resource_uri: string }>('everything-for-user-before-isolation');
      expect(rows.map((r) => r.resource_uri)).toEqual([
        'crm://customers/export/x-e2',
        'crm://customers/export/x-e3',
      ]);
    });

    it('agents that called a server for the first time this week', async () => {
      const rows = await run<{ agent_id: string; server_id: string }>(
        'first-time-servers-this-week',
      );
      expect(rows.map((r) => [r.agent_id, r.server_id])).toEqual([['agent-new', 'payroll']]);
    });

    it('tokens used after revocation', async () => {
      const rows = await run<Record<string, unknown>>('tokens-used-after-revocation');
      expect(
        rows.map((r) => [
          r.token_id,
          r.agent_id,
          Number(r.uses),
          [...(r.users as string[])].sort(),
        ]),
      ).toEqual([['tok-revoked', 'agent-stale', 2, ['user-3', 'user-4']]]);
    });

    it("an anomaly's evidence, from its latest version", async () => {
      const rows = await run<{ event_id: string }>('evidence-of-an-anomaly');
      expect(rows.map((r) => r.event_id)).toEqual(['x-e2', 'x-e3']);
    });

    it('hours far above the agent’s usual', async () => {
      const rows = await run<{ agent_id: string; hour: string }>('hours-far-above-usual');
      expect(rows.map((r) => [r.agent_id, r.hour])).toEqual([
        ['agent-exfil', '2026-03-02 09:00:00'],
        ['agent-exfil', '2026-03-02 10:00:00'],
      ]);
    });

    it('open incidents by severity, and one incident’s history', async () => {
      const open = await run<Record<string, unknown>>('open-incidents-by-severity');
      expect(open.map((r) => [r.severity, r.isolation, Number(r.incidents)])).toEqual([
        ['critical', 'isolated', 1],
      ]);
      const history = await run<Record<string, unknown>>('incident-history');
      expect(history.map((r) => [Number(r.version), r.change, r.changed_by])).toEqual([
        [1, 'opened', 'vigil'],
        [2, 'isolated', 'vigil'],
        [3, 'acknowledged', 'ana'],
      ]);
    });

    it('every documented query is checked here', () => {
      expect([...queries.keys()]).toHaveLength(8);
    });

    it("the CLI's and the console's readers of anomalies, agents and the pipeline", async () => {
      const read = server().read;
      const [anomaly, ...others] = await anomaliesByIds(read, database, ['an-exfil', 'an-none']);
      expect(others).toEqual([]);
      expect(anomaly).toMatchObject({
        version: 2,
        score: 92,
        count: 2,
        evidence_event_ids: ['x-e2', 'x-e3'],
      });
      const evidence = await evidenceEvents(read, database, anomaly!);
      expect(evidence.map((e) => [e.event_id, e.response_bytes, e.token_status])).toEqual([
        ['x-e2', 30 * MB, 'active'],
        ['x-e3', 40 * MB, 'active'],
      ]);
      expect((await agentHours(read, database, 'agent-exfil', 24)).map((h) => h.calls)).toEqual([
        1, 1, 1, 2, 3,
      ]);
      expect((await agentHours(read, database, 'agent-exfil', 2)).map((h) => h.hour)).toEqual([
        '2026-03-02 09:00:00',
        '2026-03-02 10:00:00',
      ]);
      const ground = await agentKnownGround(read, database, 'agent-exfil', 3);
      expect(ground.map((g) => [g.kind, g.calls])).toEqual([
        ['resource', 1],
        ['resource', 1],
        ['resource', 1],
        ['server', 8],
        ['tool', 8],
      ]);
      expect(await anomalyCountsByDay(read, database)).toEqual([
        { day: '2026-03-02', kind: 'payload_size', severity: 'critical', anomalies: 1 },
      ]);
      const isolations = await agentIsolations(read, database, 'agent-exfil');
      expect(isolations.map((i) => [i.alert_id, i.action, i.status, i.attempts])).toEqual([
        ['al-1', 'isolate', 'delivered', 1],
      ]);
      expect(await pipelineCounts(read, database)).toEqual({
        events: fixture.auditEvents.length,
        eventsPerSecond: 0,
        late: 0,
        anomalies: 1,
        openIncidents: 1,
      });
    });

    it('the incident readers of the stage, the CLI and the console', async () => {
      const read = server().read;
      const [latest, ...more] = await listIncidents(read, database, { status: 'acknowledged' });
      expect(more).toEqual([]);
      expect(latest).toMatchObject({
        incidentId: 'inc-exfil',
        owner: 'ana',
        version: 3,
        isolation: 'isolated',
      });
      expect(await listIncidents(read, database, { status: 'open' })).toEqual([]);
      expect(
        await listIncidents(read, database, {
          kind: 'payload_size',
          severity: 'critical',
          agentId: 'agent-exfil',
          since: '2026-03-02T10:00:00Z',
        }),
      ).toHaveLength(1);
      expect((await incidentHistory(read, database, 'inc-exfil')).map((i) => i.change)).toEqual([
        'opened',
        'isolated',
        'acknowledged',
      ]);
      expect(
        await knownIncidents(read, database, { agentIds: ['agent-exfil'], anomalyIds: [] }),
      ).toEqual([latest]);
      expect(
        await knownIncidents(read, database, {
          agentIds: ['agent-stale'],
          anomalyIds: ['an-exfil'],
        }),
      ).toEqual([]);
    });
  });
}

const clickhouse = createClient({ url: inject('clickhouseUrl') });
afterAll(async () => {
  await clickhouse.close();
});
analystChecks('ClickHouse 18.16 (the stack)', () => stackServer(clickhouse));

// npm test installs chdb-core: without it these checks fail rather than pass unseen.
if (!chdbAvailable()) throw new Error('chdb-core is missing: pip install chdb-core==26.9.0');
const chdb = startChdb();
afterAll(async () => {
  await chdb.close();
});
analystChecks('current ClickHouse (chDB)', () => chdbServer(chdb));
