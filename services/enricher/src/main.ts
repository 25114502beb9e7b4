import { PipelineEvent } from '@vigil/contracts';
import { createSerialQueue, decodeJson, runConsumeLoop, runService } from '@vigil/runtime';
import { EnricherConfig } from './config';
import { createEnrichedOutput } from './enriched-output';
import { createEnrichmentStage } from './enrichment-stage';
import { startIdentityFeed } from './identity-feed';

await runService('enricher', EnricherConfig, async (context) => {
  const { config, logger } = context;
  const stage = createEnrichmentStage({
    maxBufferedEvents: config.ENRICHER_MAX_BUFFERED_EVENTS,
    maxWaitMs: config.ENRICHER_MAX_WAIT_MS,
    allowedLatenessMs: config.VIGIL_ALLOWED_LATENESS_MS,
    recentEventsForReassessment: 100_000,
    maxHoldMs: config.ENRICHER_MAX_HOLD_MS,
  });
  const send = createEnrichedOutput(context);
  // Identity and audit consumers share the stage; one section at a time.
  const serial = createSerialQueue();

  const identity = await startIdentityFeed(context, (events) =>
    serial(async () => {
      const { ready, reassessed } = stage.offerIdentity(events);
      await send([...ready, ...reassessed]);
    }),
  );

  const consumer = context.createConsumer({
    groupId: config.ENRICHER_GROUP_ID,
    maxBytesPerPartition: 512 * 1024,
    maxWaitTimeInMs: 100,
  });
  consumer.on(consumer.events.GROUP_JOIN, () => context.setReady(true));
  await consumer.connect();

  // Events the join held are sent later (by identity or time); commit their partitions as they drain.
  const timer = setInterval(() => {
    void serial(async () => {
      await send(stage.tick(Date.now()));
      const positions = stage.commitPositions();
      if (positions.length > 0) {
        await consumer.commitOffsets(
          positions.map((p) => ({ topic: config.VIGIL_TOPIC_ACCEPTED, ...p })),
        );
      }
    }).catch(context.fail);
  }, config.ENRICHER_TICK_MS);
  context.onStop(async () => clearInterval(timer));

  await runConsumeLoop({
    consumer,
    producer: context.producer,
    topic: config.VIGIL_TOPIC_ACCEPTED,
    deadLetterTopic: config.VIGIL_TOPIC_DLQ,
    decode: (message) => decodeJson(PipelineEvent, message.value),
    handle: async (items, batch) => {
      const newest = Math.max(...items.map(({ value }) => Date.parse(value.event.time)));
      await identity.catchUpTo(newest, config.ENRICHER_IDENTITY_WAIT_MS);
      await serial(async () => {
        const offered = items.map(({ value, message }) => ({
          pipelineEvent: value,
          offset: message.offset,
        }));
        await send(stage.offerAudit(offered, batch.partition, Date.now()));
      });
    },
    commitOffset: (batch, lastOffset) => stage.commitPosition(batch.partition, lastOffset),
    onFatal: context.fail,
    logger,
    metrics: context.metrics,
  });
});
