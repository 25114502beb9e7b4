import { runService, runStage } from '@vigil/runtime';
import { CollectorConfig } from './config';
import { decodeInput, inputTopics } from './formats/input-formats';
import { createAcceptedEventStore } from './store-accepted-events';

// The collector's stage: each input topic's messages → validated events, stored once and forwarded.
await runService(
  'collector',
  CollectorConfig,
  async (context) => {
    const { config } = context;
    const store = createAcceptedEventStore(context);
    const topics = inputTopics(config);
    await runStage(context, {
      topic: [...topics.keys()],
      groupId: config.COLLECTOR_GROUP_ID,
      fetch: { maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTimeInMs: 250 },
      // Partitions share only the recent-id memory, which tolerates it: their stores overlap.
      independentPartitions: true,
      decode: (message, batch) => decodeInput(topics, batch.topic, message.value),
      handle: (items, batch) => ({ items, topic: batch.topic, partition: batch.partition }),
      store: store.forwardBatch,
      persist: store.insertBatches,
      onAssign: async () => store.partitionsReassigned(),
    });
  },
  (config) =>
    [...inputTopics(config).keys()]
      .filter((topic) => topic !== config.VIGIL_TOPIC_AUDIT)
      .map((topic) => ({ topic, numPartitions: config.VIGIL_TOPIC_PARTITIONS })),
);
