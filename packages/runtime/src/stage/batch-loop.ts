import type { Consumer, EachBatchPayload } from 'kafkajs';

/**
 * The project's one kafkajs `eachBatch` loop: reads the topics from the start
 * (or the group's commits), never commits by itself, and skips empty or stale
 * batches. `runStage` and `readCompactedTopic` run on it.
 */
export async function consumeBatches(
  consumer: Consumer,
  topics: string | string[],
  eachBatch: (payload: EachBatchPayload) => Promise<void>,
  partitionsConcurrently = 1,
): Promise<void> {
  await consumer.subscribe({ topics: [topics].flat(), fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: partitionsConcurrently,
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async (payload) => {
      if (payload.batch.messages.length === 0 || payload.isStale() || !payload.isRunning()) return;
      await eachBatch(payload);
    },
  });
}

/**
 * Pauses or resumes fetching the topics (or some of their partitions). Between a crash of the consumer (a broker outage) and its
 * restart kafkajs has no group to pause or resume, and refuses; the restarted consumer fetches
 * unpaused, and the next store that finds the outage pauses it again.
 */
export function setTopicsPaused(
  consumer: Consumer,
  topics: Array<string | { topic: string; partitions: number[] }>,
  paused: boolean,
): void {
  const all = topics.map((topic) => (typeof topic === 'string' ? { topic } : topic));
  try {
    if (paused) consumer.pause(all);
    else consumer.resume(all);
  } catch (error) {
    // By name: kafkajs' error classes are not named exports under Node's ESM loader.
    const notRunning =
      error instanceof Error &&
      error.name === 'KafkaJSNonRetriableError' &&
      /not initialized/.test(error.message);
    if (!notRunning) throw error;
  }
}
