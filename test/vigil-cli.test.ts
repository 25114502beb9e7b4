import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { IsolationAlert, IsolationCommand } from '@vigil/contracts';
import type { IsolationRecord } from '@vigil/queries';
import { verifySignature } from '@vigil/response';
import { makeAnomaly } from '@vigil/response/testing/anomaly';
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertReceiver, type AlertReceiver } from './support/alert-receiver';
import { loadAnalystFixture } from './support/analyst-fixture';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { withWebhookTarget } from './support/pipeline-with-receiver';
import { startService, type ServiceProcess } from './support/service-process';

const VIGIL = join(import.meta.dirname, '../services/cli/bin/vigil.js');
const run = promisify(execFile);
const SECRET = 'test-secret-for-manual-isolation';

describe('the vigil CLI on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let receiver: AlertReceiver;
  const services: ServiceProcess[] = [];
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
    receiver = await startAlertReceiver();
    services.push(await startService('incidents', pipeline.env));
    services.push(
      await startService('detector', withWebhookTarget(pipeline, receiver.url, SECRET)),
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await receiver?.close();
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
      'isolate',
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
      'detector',
      'incidents',
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

  it('isolate sends one signed alert through the detector, stored once; release tells the targets and marks the incident', async () => {
    type Answer = {
      command: IsolationCommand;
      alert: IsolationAlert;
      deliveries: IsolationRecord[];
    };
    const reason = ['--reason', 'pulled the customer export', '--as', 'cy'];
    const startedAt = Date.now();
    const isolated = await vigilJson<Answer>('isolate', 'agent-exfil', ...reason);
    console.log(
      `manual isolate: at the receiver ${(receiver.received[0]?.at ?? NaN) - startedAt} ms, recorded in isolations ${Date.now() - startedAt} ms after \`vigil isolate\` started`,
    );
    expect(isolated.alert).toMatchObject({
      agentId: 'agent-exfil',
      action: 'isolate',
      severity: 'critical',
      reason: 'Agent agent-exfil isolated by cy: pulled the customer export.',
      anomalies: [expect.objectContaining({ anomalyId: 'an-exfil', kind: 'payload_size' })],
    });
    expect(isolated.deliveries).toEqual([
      expect.objectContaining({ target: 'gateway', status: 'delivered', attempts: 1 }),
    ]);
    // The same request sent again (a retried send) is the alert already raised: nothing more goes out.
    await pipeline.producer.send({
      topic: pipeline.topics.isolationCommands,
      messages: [{ key: 'agent-exfil', value: JSON.stringify(isolated.command) }],
    });
    // Requests of one agent are read in order, so once the release is recorded the repeat was read.
    const released = await vigilJson<Answer>(
      'release',
      'agent-exfil',
      '--reason',
      'export was approved',
      '--as',
      'cy',
    );
    expect(released.alert).toMatchObject({
      action: 'notify',
      reason: 'Agent agent-exfil released by cy: export was approved.',
    });

    expect(receiver.received.map((r) => JSON.parse(r.body) as IsolationAlert)).toEqual([
      isolated.alert,
      released.alert,
    ]);
    for (const request of receiver.received) {
      const verdict = verifySignature({
        body: request.body,
        header: String(request.headers['vigil-signature']),
        secrets: [SECRET],
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      expect(verdict).toEqual({ ok: true });
    }
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([
      isolated.alert.alertId,
      released.alert.alertId,
    ]);
    expect(
      await pipeline.rows<{ alert_id: string; action: string; n: string }>(
        `SELECT alert_id, action, count() AS n FROM {db}.isolations WHERE alert_id IN ('${isolated.alert.alertId}', '${released.alert.alertId}') GROUP BY alert_id, action ORDER BY action`,
      ),
    ).toEqual([
      { alert_id: isolated.alert.alertId, action: 'isolate', n: '1' },
      { alert_id: released.alert.alertId, action: 'notify', n: '1' },
    ]);

    // The incident records the isolation and the release, the release as cy's with the reason.
    const releasedIncident = async () => {
      const shown = await vigilJson<{ incident: { isolation: string; version: number } }>(
        'incident',
        'inc-exfil',
      );
      return shown.incident.isolation === 'released' && shown.incident.version === 5;
    };
    expect(await eventually(releasedIncident, 15_000)).toBe(true);
    const { history } = await vigilJson<{
      history: Array<{ change: string; changedBy: string; note: string }>;
    }>('incident', 'inc-exfil');
    expect(history.map((h) => h.change).slice(-2)).toEqual(['isolated', 'released']);
    expect(history.at(-1)).toMatchObject({ changedBy: 'cy', note: 'export was approved' });
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
      version: 6,
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
