import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { localClickHouse } from './support/local-stack';
import { numberedAuditMessages } from './support/numbered-events';
import { startService, type ServiceProcess } from './support/service-process';

const clickhouse = localClickHouse();
/** Long enough for every stage to meet the outage and back off several times; CI's budget bounds it. */
const OUTAGE_MS = 20_000;

const status = async (service: ServiceProcess, path: string) =>
  (await fetch(`http://127.0.0.1:${service.port}${path}`)).status;

describe.skipIf(!clickhouse.local)('ClickHouse stopped mid-stream', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('chdown');
  });

  afterAll(async () => {
    if (!clickhouse.local) return;
    clickhouse.start();
    for (const service of services) await service.stop();
    await pipeline?.close();
  });

  it('every service waits it out, not ready meanwhile, and stores every event once after', async () => {
    const total = 20_000;
    const send = (from: number, count: number) =>
      pipeline.producer.send({
        topic: pipeline.topics.audit,
        messages: numberedAuditMessages('down', from, count, { agents: 40, stepMs: 50 }),
      });
    for (const name of ['collector', 'enricher', 'detector'] as const) {
      services.push(await startService(name, pipeline.env));
    }
    const [collector, enricher] = services as [ServiceProcess, ServiceProcess, ServiceProcess];
    await send(0, total / 2);
    const storing = await eventually(
      async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_enrichments')) > 0,
      60_000,
      50,
    );
    expect(storing).toBe(true);

    await clickhouse.stop();
    const stoppedAt = Date.now();
    await send(total / 2, total / 2);
    const notReady = await eventually(
      async () => (await status(collector, '/readyz')) === 503,
      OUTAGE_MS,
    );
    expect(notReady, 'the collector reads not-ready while ClickHouse is down').toBe(true);
    expect(await status(collector, '/healthz')).toBe(200);
    expect(await status(enricher, '/healthz')).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - stoppedAt)));
    for (const service of services) {
      expect(service.process.exitCode, service.output.join('').slice(-2000)).toBeNull();
    }
    clickhouse.start();

    // Both writers: the enricher may judge forwarded events before the collector's next attempt stores them.
    const complete = await eventually(
      async () =>
        (await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')) >= total &&
        (await pipeline.scalar('SELECT count() FROM {db}.audit_enrichments')) >= total,
      120_000,
    );
    const logs = services.map((s) => s.output.join('').slice(-1500)).join('\n');
    expect(complete, logs).toBe(true);
    expect(await pipeline.scalar('SELECT count() FROM {db}.audit_events')).toBe(total);
    expect(await pipeline.scalar('SELECT uniqExact(event_id) FROM {db}.audit_events')).toBe(total);
    expect(
      await pipeline.scalar("SELECT countIf(token_status = 'pending') FROM {db}.audit_events"),
    ).toBe(0);
    // A stage that met the outage between attempts becomes ready at its next one (10 s at the most).
    const allReady = await eventually(async () => {
      const answers = await Promise.all(services.map((service) => status(service, '/readyz')));
      return answers.every((answer) => answer === 200);
    }, 30_000);
    expect(allReady, 'every service ready again').toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text();
    expect(metrics).toMatch(/vigil_outages_total\{store="clickhouse",service="collector"\} [1-9]/);
    expect(metrics).toMatch(/vigil_store_unavailable\{store="clickhouse",service="collector"\} 0/);
  });
});
