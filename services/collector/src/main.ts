import { runConsumeLoop, runService } from '@vigil/runtime';
import { CollectorConfig } from './config';
import { decodeAuditMessage } from './decode-audit-message';
import { createAcceptedEventStore } from './store-accepted-events';

await runService('collector', CollectorConfig, async (context) => {
  const { config } = context;
  const consumer = context.createConsumer({
    groupId: config.COLLECTOR_GROUP_ID,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: 250,
  });
  const store = createAcceptedEventStore(context);
  consumer.on(consumer.events.GROUP_JOIN, () => {
    store.partitionsReassigned();
    context.setReady(true);
  });
  await consumer.connect();
  await runConsumeLoop({
    consumer,
    producer: context.producer,
    topic: config.VIGIL_TOPIC_AUDIT,
    deadLetterTopic: config.VIGIL_TOPIC_DLQ,
    decode: (message) => decodeAuditMessage(message.value),
    handle: store.storeBatch,
    onFatal: context.fail,
    logger: context.logger,
    metrics: context.metrics,
  });
});
