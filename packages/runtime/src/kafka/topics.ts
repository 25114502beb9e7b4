import type { Admin, Kafka } from 'kafkajs';
import pRetry from 'p-retry';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Compacted topics keep the latest value per key: state changelogs and the outbox. */
  compacted?: boolean;
  /** Larger than the default 1 MB where a message may carry a whole original message plus headers. */
  maxMessageBytes?: number;
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: -1,
          configEntries: [
            ...(spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ...(spec.maxMessageBytes
              ? [{ name: 'max.message.bytes', value: String(spec.maxMessageBytes) }]
              : []),
          ],
        })),
      });
    }
    await untilReadable(
      admin,
      specs.map((spec) => spec.topic),
    );
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of the topics answers an offset request. A
 * just-created topic has leaders in the controller's view before the broker
 * serves them, and a loaded machine shows the gap ("not the leader").
 */
async function untilReadable(admin: Admin, topics: string[]): Promise<void> {
  for (const topic of topics) {
    await pRetry(() => admin.fetchTopicOffsets(topic), {
      retries: 10,
      minTimeout: 100,
      maxTimeout: 2_000,
      shouldRetry: (error) => (error as { retriable?: boolean }).retriable === true,
    });
  }
}

/** Partitions of a topic, or undefined when it does not exist yet. */
export async function partitionCount(kafka: Kafka, topic: string): Promise<number | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0]?.partitions.length;
  } finally {
    await admin.disconnect();
  }
}
