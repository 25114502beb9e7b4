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
        // kafkajs's own wait asks for the topics' metadata before the broker knows them and
        // takes the "unknown topic" answer as a failure; untilServed waits without asking that.
        waitForLeaders: false,
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
    await untilServed(
      admin,
      specs.map((spec) => spec.topic),
    );
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}

/** Retries of a step that waits for a just-created topic: about 10 s in all, then the caller sees the error. */
const TOPIC_WAIT = { retries: 10, minTimeout: 100, maxTimeout: 2_000 };

/**
 * Waits until the broker serves every partition of the topics. A created topic reaches
 * the controller first, then the broker's metadata, then its partitions' leader. The
 * topic list is asked until it holds them (it never answers with an error for a topic
 * it does not know yet); only then are offsets asked for, which a loaded machine may
 * still answer "not the leader" for a moment.
 */
async function untilServed(admin: Admin, topics: string[]): Promise<void> {
  await pRetry(async () => {
    const listed = new Set(await admin.listTopics());
    const absent = topics.filter((topic) => !listed.has(topic));
    if (absent.length > 0)
      throw new Error(`topics not known to the broker yet: ${absent.join(', ')}`);
  }, TOPIC_WAIT);
  for (const topic of topics) {
    await pRetry(() => admin.fetchTopicOffsets(topic), {
      ...TOPIC_WAIT,
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
