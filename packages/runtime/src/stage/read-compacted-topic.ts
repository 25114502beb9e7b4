import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import { consumeBatches } from './batch-loop';

/**
 * The latest value per key of a compacted topic (a changelog or an outbox), as
 * far as the topic reached when called: tombstones delete, and values that are
 * not JSON of `schema` are passed over (counted in `unreadable`).
 */
export async function readCompactedTopic<S extends z.ZodType>(
  kafka: Kafka,
  topic: string,
  schema: S,
): Promise<{ latest: Map<string, z.output<S>>; unreadable: number }> {
  const latest = new Map<string, z.output<S>>();
  let unreadable = 0;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const behind = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  if (behind.size === 0) return { latest, unreadable };
  const consumer = kafka.consumer({ groupId: `restore.${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      consumeBatches(consumer, topic, async ({ batch }) => {
        const end = behind.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          const key = message.key?.toString();
          if (!key) continue;
          if (!message.value) {
            latest.delete(key);
            continue;
          }
          const parsed = schema.safeParse(parseJson(message.value));
          if (parsed.success) latest.set(key, parsed.data);
          else unreadable++;
        }
        if (BigInt(batch.lastOffset()) + 1n >= end) behind.delete(batch.partition);
        if (behind.size === 0) resolve();
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { latest, unreadable };
}

function parseJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
}
