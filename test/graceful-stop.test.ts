import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { numberedAuditMessages } from './support/numbered-events';
import { readTopic } from './support/read-topic';
import { startService } from './support/service-process';

describe('collector stopped with SIGTERM', () => {
  let pipeline: IsolatedPipeline;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('graceful');
  });

  afterAll(async () => {
    await pipeline?.close();
  });

  it('inserts the rows it gathered and commits them before it exits', async () => {
    const half = 1_000;
    const send = (from: number) =>
      pipeline.producer.send({
        topic: pipeline.topics.audit,
        messages: numberedAuditMessages('graceful', from, half),
      });
    // Inserts at most once a minute: the second half is still gathered when the stop comes.
    const collector = await startService('collector', {
      ...pipeline.env,
      VIGIL_INSERT_EVERY_MS: '60000',
    });
    await send(0);
    // The first insert goes out at once; the next not before a minute after it.
    const firstStored = await eventually(
      async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')) > 0,
      60_000,
    );
    await send(half);
    const forwarded = await readTopic(pipeline.kafka, pipeline.topics.accepted, 2 * half);
    const storedBeforeStop = await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw');
    const exitCode = await collector.stop('SIGTERM');

    expect(firstStored).toBe(true);
    expect(forwarded).toHaveLength(2 * half);
    expect(storedBeforeStop).toBeLessThan(2 * half);
    expect(exitCode).toBe(0);
    expect(await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')).toBe(2 * half);
    const admin = pipeline.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({
        groupId: pipeline.env.COLLECTOR_GROUP_ID as string,
        topics: [pipeline.topics.audit],
      });
      const total = (committed?.partitions ?? []).reduce(
        (sum, { offset }) => sum + Math.max(0, Number(offset)),
        0,
      );
      expect(total, collector.output.join('').slice(-3000)).toBe(2 * half);
    } finally {
      await admin.disconnect();
    }
  });
});
