import { decodeEnvelope } from '@vigil/contracts';
import { runService, runStage } from '@vigil/runtime';
import { EnricherConfig } from './config';
import { createEnrichedOutput } from './enriched-output';
import { createEnrichmentStage } from './enrichment-stage';
import { startIdentityFeed } from './identity-feed';

// The enricher's stage: accepted events joined with identity at their event time, stored and sent on.
await runService('enricher', EnricherConfig, async (context) => {
  const { config } = context;
  const join = createEnrichmentStage({
    maxBufferedEvents: config.ENRICHER_MAX_BUFFERED_EVENTS,
    maxWaitMs: config.ENRICHER_MAX_WAIT_MS,
    allowedLatenessMs: config.VIGIL_ALLOWED_LATENESS_MS,
    recentEventsForReassessment: 100_000,
    maxHoldMs: config.ENRICHER_MAX_HOLD_MS,
  });
  const output = createEnrichedOutput(context);

  const identity = await startIdentityFeed(context, {
    apply: (events) => {
      const { ready, reassessed } = join.offerIdentity(events);
      return [...ready, ...reassessed];
    },
    store: output.send,
  });

  await runStage(context, {
    topic: config.VIGIL_TOPIC_ACCEPTED,
    groupId: config.ENRICHER_GROUP_ID,
    fetch: { maxBytesPerPartition: 512 * 1024, maxWaitTimeInMs: 100 },
    decode: (message) => decodeEnvelope(message.value),
    before: async (items) => {
      if (items.length === 0) return;
      const newest = Math.max(...items.map(({ value }) => value.timeMs));
      await identity.catchUpTo(newest, config.ENRICHER_IDENTITY_WAIT_MS);
    },
    handle: (items, batch) => {
      const offered = items.map(({ value, message }) => ({
        envelope: value,
        offset: message.offset,
      }));
      const out = join.offerAudit(offered, batch.partition, Date.now());
      join.consumed(batch.partition, batch.lastOffset);
      return out;
    },
    store: output.forward,
    persist: (outs) => output.persist(outs.flat()),
    // Events the join holds are sent later (by identity or time): partitions commit as they drain.
    commitPositions: join.commitPositions,
    tick: { everyMs: config.ENRICHER_TICK_MS, run: (nowMs) => join.tick(nowMs) },
  });
});
