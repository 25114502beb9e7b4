import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeAnomaly } from '@vigil/response/testing/anomaly';
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnalystFixture } from './support/analyst-fixture';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';

const VIGIL = join(import.meta.dirname, '../services/cli/bin/vigil.js');
const run = promisify(execFile);

describe('the vigil CLI on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let stage: ServiceProcess | undefined;
  const vigil = async (...args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [VIGIL, ...args], {
      env: { ...process.env, ...pipeline.env },
      timeout: 120_000,
    });
    return { stdout, stderr };
  };
  const vigilJson = async <T = Record<string, unknown>>(...args: string[]) =>
    JSON.parse((await vigil('--json', ...args)).stdout) as T;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('cli');
    await migrate(
      pipeline.clickhouse,
      pipeline.database,
      readMigrations(DEFAULT_MIGRATIONS_DIR, pipeline.database),
    );
    await loadAnalystFixture(async (sql) => {
      await pipeline.clickhouse.command({ query: sql });
    }, pipeline.database);
    stage = await startService('incidents', pipeline.env);
  });

  afterAll(async () => {
    await stage?.stop();
    await pipeline?.clickhouse.command({
      query: `DROP DATABASE IF EXISTS ${pipeline.database}_replay`,
    });
    await pipeline?.close();
  });

  it('--help lists the subcommands', async () => {
    const { stdout } = await vigil('--help');
    for (const command of [
      'status',
      'incidents',
      'incident',
      'ack',
      'close',
      'release',
      'explain',
      'tail',
      'agent',
      'replay',
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('status reaches Kafka and ClickHouse and counts what is stored', async () => {
    const status = await vigilJson<{
      clickhouse: { reachable: boolean };
      kafka: { reachable: boolean };
      counts: unknown;
      stages: Array<{ stage: string }>;
      deadLettered: number;
    }>('status');
    expect(status.clickhouse.reachable).toBe(true);
    expect(status.kafka.reachable).toBe(true);
    expect(status.counts).toMatchObject({ events: 13, late: 0, anomalies: 1, openIncidents: 1 });
    expect(status.stages.map((s) => s.stage)).toEqual([
      'collector',
      'enricher',
      'detector',
      'incidents',
      'incidents',
      'incidents',
    ]);
    expect(status.deadLettered).toBe(0);
  });

  it('incidents prints a plain table in a pipe, and JSON with --json', async () => {
    const { stdout } = await vigil('incidents');
    const [header, row, ...rest] = stdout.trim().split('\n');
    expect(header?.split('\t').slice(0, 4)).toEqual(['incident', 'agent', 'status', 'severity']);
    expect(row?.split('\t').slice(0, 4)).toEqual([
      'inc-exfil',
      'agent-exfil',
      'acknowledged',
      'critical',
    ]);
    expect(rest).toEqual([]);
    expect(stdout).not.toContain('\u001b[');
    const list = await vigilJson<Array<{ incidentId: string }>>(
      'incidents',
      '--status',
      'acknowledged',
    );
    expect(list.map((i) => i.incidentId)).toEqual(['inc-exfil']);
  });

  it('incident shows its anomalies and history; explain shows the evidence events', async () => {
    const shown = await vigilJson<{
      anomalies: Array<{ anomaly_id: string }>;
      history: Array<{ changedBy: string }>;
    }>('incident', 'inc-exfil');
    expect(shown.anomalies.map((a) => a.anomaly_id)).toEqual(['an-exfil']);
    expect(shown.history.map((h) => h.changedBy)).toEqual(['vigil', 'vigil', 'ana']);
    const explained = await vigilJson<{ evidence: Array<{ event_id: string }> }>(
      'explain',
      'an-exfil',
    );
    expect(explained.evidence.map((e) => e.event_id)).toEqual(['x-e2', 'x-e3']);
    await expect(vigil('explain', 'an-nope')).rejects.toMatchObject({
      code: 1,
      stderr: 'vigil: no anomaly an-nope\n',
    });
  });

  it('agent shows its recent hours against its usual hour, and the ground it knows', async () => {
    const agent = await vigilJson<{
      usualHour: unknown;
      recent: Array<{ calls: number }>;
      known: Array<{ kind: string }>;
    }>('agent', 'agent-exfil', '--recent', '2');
    expect(agent.usualHour).toMatchObject({ calls: 1, bytes: 100_200 });
    expect(agent.recent.map((h) => h.calls)).toEqual([2, 3]);
    expect(agent.known.find((k) => k.kind === 'server')).toMatchObject({
      name: 'crm',
      calls: 8,
    });
  });

  it('close records who closed the incident and why, as a new version in ClickHouse', async () => {
    const closed = await vigilJson<unknown>(
      'close',
      'inc-exfil',
      '--as',
      'bo',
      '--note',
      'bucket revoked',
    );
    expect(closed).toMatchObject({
      status: 'closed',
      changedBy: 'bo',
      note: 'bucket revoked',
      version: 4,
    });
    expect(
      await pipeline.scalar(
        "SELECT count() FROM {db}.incident_history WHERE incident_id = 'inc-exfil' AND change = 'closed' AND changed_by = 'bo'",
      ),
    ).toBe(1);
    await expect(vigil('ack', 'inc-exfil')).rejects.toMatchObject({
      stderr: 'vigil: incident inc-exfil is closed\n',
    });
  });

  it('tail prints anomalies as they come, one JSON line each', async () => {
    const anomaly = makeAnomaly({ anomalyId: 'an-tail', agentId: 'agent-tail' });
    await pipeline.producer.send({
      topic: pipeline.topics.anomalies,
      messages: [{ key: anomaly.agentId, value: JSON.stringify(anomaly) }],
    });
    const tail = spawn(process.execPath, [VIGIL, '--json', 'tail', '--from-beginning'], {
      env: { ...process.env, ...pipeline.env },
    });
    const line = await new Promise<string>((resolve, reject) => {
      tail.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      tail.once('exit', (code) => reject(new Error(`tail exited with ${code}`)));
      setTimeout(() => reject(new Error('no anomaly within 30 s')), 30_000);
    }).finally(() => tail.kill('SIGINT'));
    expect(JSON.parse(line)).toMatchObject({ anomalyId: 'an-tail', agentId: 'agent-tail' });
  });

  it('replay re-runs detection over stored events into a fresh database, reporting progress', async () => {
    const into = `${pipeline.database}_replay`;
    const day = ['--from', '2026-03-02T00:00:00Z', '--to', '2026-03-03T00:00:00Z', '--into', into];
    const { stdout, stderr } = await vigil('--json', 'replay', ...day);
    expect(JSON.parse(stdout)).toMatchObject({ database: into, events: 10 });
    expect(stderr).toMatch(/replay \[.*\] 100% \| 10\/10 events/);
    expect(await pipeline.scalar(`SELECT count() FROM ${into}.audit_events`)).toBe(10);
    expect(await pipeline.scalar(`SELECT sum(calls) FROM ${into}.agent_hourly`)).toBe(10);
    // The database is no longer fresh: a second replay into it is refused.
    await expect(vigil('replay', ...day)).rejects.toMatchObject({ code: 1 });
  });
});
