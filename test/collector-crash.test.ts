import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { numberedAuditMessages } from './support/numbered-events';
import { forwardedEventId, readTopic } from './support/read-topic';
import { startService } from './support/service-process';

describe('collector killed mid-stream', () => {
  let pipeline: IsolatedPipeline;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('crash');
  });

  afterAll(async () => {
    await pipeline?.close();
  });

  it('loses nothing and duplicates nothing in ClickHouse after SIGKILL and restart', async () => {
    const total = 30_000;
    const chunk = 1_000;
    const send = async (from: number) =>
      pipeline.producer.send({
        topic: pipeline.topics.audit,
        messages: numberedAuditMessages('crash', from, chunk),
      });

    // The stream is still flowing when the collector dies: half is sent before, the rest
    // during and after, so the kill always lands between a store and a commit somewhere.
    let sent = 0;
    for (; sent < total / 2; sent += chunk) await send(sent);
    const first = await startService('collector', pipeline.env);
    const storing = await eventually(
      async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')) > 0,
      60_000,
      20,
    );
    await send(sent);
    sent += chunk;
    await first.stop('SIGKILL');
    const storedAtKill = await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw');
    console.log(`killed with ${storedAtKill} of ${total} events stored`);
    expect(storing).toBe(true);
    expect(storedAtKill).toBeLessThan(total);
    for (; sent < total; sent += chunk) await send(sent);

    const second = await startService('collector', pipeline.env);
    const complete = await eventually(
      async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')) >= total,
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await second.stop();

    const storedAtEnd = await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw');
    expect(
      complete,
      `${storedAtEnd} stored; collector said:\n${second.output.join('').slice(-3000)}`,
    ).toBe(true);
    expect(await pipeline.scalar('SELECT count() FROM {db}.audit_events')).toBe(total);
    expect(await pipeline.scalar('SELECT uniqExact(event_id) FROM {db}.audit_events')).toBe(total);
    const forwarded = await readTopic(pipeline.kafka, pipeline.topics.accepted, total);
    const forwardedIds = new Set(forwarded.map((m) => forwardedEventId(m.value)));
    expect(forwardedIds.size).toBe(total);
  });
});
