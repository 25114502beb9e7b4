import { runService, runStage } from '@vigil/runtime';
import { CollectorConfig } from './config';
import { decodeAuditMessage } from './decode-audit-message';
import { createAcceptedEventStore } from './store-accepted-events';

// The collector's stage: gateway messages → validated events, stored once and forwarded.
await runService('collector', CollectorConfig, async (context) => {
  const { config } = context;
  const store = createAcceptedEventStore(context);
  await runStage(context, {
    topic: config.VIGIL_TOPIC_AUDIT,
    groupId: config.COLLECTOR_GROUP_ID,
    fetch: { maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTimeInMs: 250 },
    // Partitions share only the recent-id memory, which tolerates it: their stores overlap.
    independentPartitions: true,
    decode: (message) => decodeAuditMessage(message.value),
    handle: (items, batch) => ({ items, partition: batch.partition }),
    store: store.storeBatch,
    onAssign: async () => store.partitionsReassigned(),
  });
});
