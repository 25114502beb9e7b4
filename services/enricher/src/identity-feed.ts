import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import type { IdentityEvent } from '@vigil/contracts';
import { parseIdentityMessage } from '@vigil/identity';
import { sendToDeadLetter, type DeadLetter, type ServiceContext } from '@vigil/runtime';
import type { EnricherConfig } from './config';

/**
 * Identity state is global: every enricher instance reads every partition of
 * the identity topic, from the beginning, under a group of its own (like a
 * Kafka Streams global table). Replaying the retained topic is how the state
 * survives a restart; the returned promise resolves once it has caught up with
 * what the topic held at start.
 */
export interface IdentityFeed {
  /**
   * Waits until the identity stream has reached `eventTimeMs` or holds nothing
   * unread, at most `maxWaitMs`: an audit event is joined with the identity
   * events of its own time, not judged while they are still in the topic.
   */
  catchUpTo(eventTimeMs: number, maxWaitMs: number): Promise<void>;
}

export async function startIdentityFeed(
  context: ServiceContext<EnricherConfig>,
  apply: (events: IdentityEvent[]) => Promise<void>,
): Promise<IdentityFeed> {
  const { config, kafka, metrics, logger } = context;
  const topic = config.VIGIL_TOPIC_IDENTITY;
  const admin = kafka.admin();
  await admin.connect();
  context.onStop(() => admin.disconnect());
  const ends = await admin.fetchTopicOffsets(topic);
  const consumedTo = new Map<number, bigint>();
  // Per partition: identity events are keyed by user or token, so one partition racing ahead
  // says nothing about the events still unread in another.
  const newestInPartition = new Map<number, number>();
  const partitions = ends.map((p) => p.partition);
  const behind = new Map(
    ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  let caughtUp: () => void = () => {};
  const ready = new Promise<void>((resolve) => (caughtUp = resolve));
  if (behind.size === 0) caughtUp();

  const consumer = context.createConsumer({
    groupId: `${config.ENRICHER_GROUP_ID}.identity.${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      const events: IdentityEvent[] = [];
      const rejected: DeadLetter[] = [];
      let skipped = 0;
      for (const message of batch.messages) {
        const parsed = message.value
          ? parseIdentityMessage(message.value)
          : ({ kind: 'invalid', reason: 'empty message' } as const);
        if (parsed.kind === 'event') {
          events.push(parsed.event);
          const time = Date.parse(parsed.event.time);
          const newest = newestInPartition.get(batch.partition) ?? Number.NEGATIVE_INFINITY;
          if (time > newest) newestInPartition.set(batch.partition, time);
        } else if (parsed.kind === 'skipped') skipped++;
        else rejected.push({ message, reason: parsed.reason });
      }
      metrics.messagesIn.inc({ topic }, batch.messages.length);
      await sendToDeadLetter(context.producer, config.VIGIL_TOPIC_DLQ, topic, rejected);
      metrics.deadLettered.inc({ topic }, rejected.length);
      if (skipped > 0) logger.debug({ skipped }, 'identity events of types Vigil does not use');
      await apply(events);
      consumedTo.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
      metrics.accepted.inc({ topic }, events.length);
      const end = behind.get(batch.partition);
      if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
        behind.delete(batch.partition);
        if (behind.size === 0) caughtUp();
      }
      await heartbeat();
    },
  });
  const timeout = config.ENRICHER_IDENTITY_CATCH_UP_TIMEOUT_MS;
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, timeout).unref())]);
  logger.info({ caughtUp: behind.size === 0 }, 'identity state loaded');

  const waitTimeouts = new Counter({
    name: 'vigil_enricher_identity_wait_timeouts_total',
    help: 'Audit batches joined before the identity stream reached their event time',
    registers: [metrics.registry],
  });
  const reachedInEventTime = (partition: number, eventTimeMs: number) =>
    (newestInPartition.get(partition) ?? Number.NEGATIVE_INFINITY) >= eventTimeMs;

  /** Every partition has reached `eventTimeMs` or holds nothing unread. */
  async function caughtUpTo(eventTimeMs: number): Promise<boolean> {
    if (partitions.every((p) => reachedInEventTime(p, eventTimeMs))) return true;
    const latest = await admin.fetchTopicOffsets(topic);
    return latest.every(
      (p) =>
        reachedInEventTime(p.partition, eventTimeMs) ||
        BigInt(p.high) <= (consumedTo.get(p.partition) ?? BigInt(p.low)),
    );
  }

  return {
    async catchUpTo(eventTimeMs, maxWaitMs) {
      const deadline = Date.now() + maxWaitMs;
      while (!(await caughtUpTo(eventTimeMs))) {
        if (Date.now() >= deadline) {
          waitTimeouts.inc();
          logger.warn({ eventTimeMs, maxWaitMs }, 'identity stream behind the audit stream');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
