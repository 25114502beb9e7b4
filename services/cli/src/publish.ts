import { ensureTopics } from '@vigil/runtime';
import type { Connections } from './connections';

/** Sends one person's message to an internal topic (created if missing), keyed by its agent. */
export async function publish(
  connections: Connections,
  topic: string,
  agentId: string,
  message: unknown,
): Promise<void> {
  const { kafka, config } = connections;
  await ensureTopics(kafka, [{ topic, numPartitions: config.VIGIL_TOPIC_PARTITIONS }]);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: agentId, value: JSON.stringify(message) }] });
  } finally {
    await producer.disconnect();
  }
}
