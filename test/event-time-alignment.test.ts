import { randomUUID } from 'node:crypto';
import { ensureTopics, runStage, type CommonConfig } from '@vigil/runtime';
import { describe, expect, inject, it } from 'vitest';
import { createStageContext } from './support/stage-context';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SPAN = 10 * HOUR;
const PADDING = 'x'.repeat(300);

/**
 * A backlog of two partitions over the same ten hours of event time: partition 0 dense (an event
 * every 6 s), partition 1 sparse (every 60 s). Kafka hands out both by bytes, so partition 1 runs
 * hours ahead in event time unless the stage aligns them.
 */
async function skewWhileReading(maxAheadMs: number | undefined): Promise<number> {
  const id = randomUUID().slice(0, 8);
  const brokers = inject('kafkaBrokers');
  const topic = `t.align_${id}`;
  const { context, kafka, failures, stop } = createStageContext(`align_${id}`, brokers);
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  const producer = kafka.producer();
  await producer.connect();
  const messages = (partition: number, everyMs: number) =>
    Array.from({ length: SPAN / everyMs }, (_, i) => ({
      t: i * everyMs,
      partition,
      value: JSON.stringify({ t: i * everyMs, padding: PADDING }),
    }));
  // In time order and small sends: a fetch hands out whole record batches, whatever its byte limit.
  const all = [...messages(0, 6_000), ...messages(1, MINUTE)].sort((a, b) => a.t - b.t);
  for (let i = 0; i < all.length; i += 100)
    await producer.send({ topic, messages: all.slice(i, i + 100).map(({ t: _, ...m }) => m) });
  await producer.disconnect();

  const newest = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  let skew = 0;
  let read = 0;
  const total = SPAN / 6_000 + SPAN / MINUTE;
  const done = new Promise<void>((resolve) => {
    void runStage<CommonConfig, number, void>(context, {
      topic,
      groupId: `align_${id}`,
      fetch: { maxBytesPerPartition: 16 * 1024, maxWaitTimeInMs: 50 },
      decode: (message) => ({ ok: true, value: JSON.parse(String(message.value)).t as number }),
      ...(maxAheadMs !== undefined && { align: { maxAheadMs, timeOf: (t: number) => t } }),
      handle: (items, batch) => {
        for (const { value } of items)
          newest[batch.partition] = Math.max(newest[batch.partition] as number, value);
        // How far ahead the sparse partition is when it has been read to its end: a partition that
        // got ahead before the other's first batch was known is held until that one catches up.
        if (batch.partition === 1 && batch.offsetLag === 0n)
          skew = (newest[1] as number) - Math.max(newest[0] as number, 0);
        read += items.length;
        if (read >= total) resolve();
      },
      store: async () => {},
    });
  });
  await done;
  await stop();
  expect(failures).toEqual([]);
  return skew;
}

describe('event-time alignment of a stage’s partitions (real Kafka)', () => {
  it('keeps a sparse partition within the bound of a dense one while a backlog is read', async () => {
    const unaligned = await skewWhileReading(undefined);
    const aligned = await skewWhileReading(HOUR);
    console.log(
      `sparse partition read to its end this far ahead: ${(unaligned / HOUR).toFixed(1)} h unaligned, ${(aligned / HOUR).toFixed(1)} h aligned to 1 h`,
    );
    expect(unaligned).toBeGreaterThan(4 * HOUR);
    // Within the bound (the batch in hand may pass it).
    expect(aligned).toBeLessThan(3 * HOUR);
  }, 120_000);
});
