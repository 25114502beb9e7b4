import { runConsumeLoop, runService } from '@vigil/runtime';
import { CollectorConfig } from './config';
import { decodeInput, inputTopics } from './formats/input-formats';
import { createAcceptedEventStore } from './store-accepted-events';

await runService(
  'collector',
  CollectorConfig,
  async (context) => {
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
    const topics = inputTopics(config);
    await runConsumeLoop({
      consumer,
      producer: context.producer,
      topic: [...topics.keys()],
      deadLetterTopic: config.VIGIL_TOPIC_DLQ,
      decode: (message, batch) => decodeInput(topics, batch.topic, message.value),
      handle: store.storeBatch,
      onFatal: context.fail,
      logger: context.logger,
      metrics: context.metrics,
    });
  },
  (config) =>
    [...inputTopics(config).keys()]
      .filter((topic) => topic !== config.VIGIL_TOPIC_AUDIT)
      .map((topic) => ({ topic, numPartitions: config.VIGIL_TOPIC_PARTITIONS })),
);
