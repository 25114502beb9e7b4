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
