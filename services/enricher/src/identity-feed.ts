import { Counter } from 'prom-client';
import { parseIdentityMessage } from '@vigil/identity';
import { runStage, type Decoded, type ServiceContext } from '@vigil/runtime';
import type { EnricherConfig } from './config';
import type { TimedIdentityEvent } from './enrichment-stage';

/**
 * Identity state is global: every enricher instance reads every partition of
 * the identity topic, from the beginning, under a group of its own (like a
 * Kafka Streams global table). Replaying the retained topic is how the state
 * survives a restart; `startIdentityFeed` resolves once it has caught up with
 * what the topic held at start (or the catch-up timeout passed).
 */
export interface IdentityFeed {
  /**
   * Waits until the identity stream has reached `eventTimeMs` or holds nothing
   * unread, at most `maxWaitMs`: an audit event is joined with the identity
   * events of its own time, not judged while they are still in the topic.
   */
  catchUpTo(eventTimeMs: number, maxWaitMs: number): Promise<void>;
}

/** How the feed's events change the enricher: `apply` is its pure step, `store` its writes. */
export interface IdentitySink<Out> {
  apply(events: TimedIdentityEvent[]): Out;
  store(out: Out): Promise<void>;
}

/** A normalized or Okta identity event; null for an event of a type Vigil does not use. */
function decodeIdentity(value: Buffer | null): Decoded<TimedIdentityEvent | null> {
  if (!value) return { ok: false, reason: 'empty message' };
  const parsed = parseIdentityMessage(value);
  if (parsed.kind === 'event') return { ok: true, value: parsed };
  if (parsed.kind === 'skipped') return { ok: true, value: null };
  return { ok: false, reason: parsed.reason };
}

export async function startIdentityFeed<Out>(
  context: ServiceContext<EnricherConfig>,
  sink: IdentitySink<Out>,
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

  await runStage(context, {
    topic,
    fetch: { maxWaitTimeInMs: 100 },
    decode: (message) => decodeIdentity(message.value),
    handle: (items, batch) => {
      const events: TimedIdentityEvent[] = [];
      let newest = newestInPartition.get(batch.partition) ?? Number.NEGATIVE_INFINITY;
      for (const { value } of items) {
        if (!value) continue;
        events.push(value);
        newest = Math.max(newest, value.timeMs);
      }
      newestInPartition.set(batch.partition, newest);
      metrics.accepted.inc({ topic }, events.length);
      const out = sink.apply(events);
      const next = BigInt(batch.lastOffset) + 1n;
      consumedTo.set(batch.partition, next);
      const end = behind.get(batch.partition);
      if (end !== undefined && next >= end) {
        behind.delete(batch.partition);
        if (behind.size === 0) caughtUp();
      }
      return out;
    },
    store: sink.store,
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

  /** Every partition has reached `eventTimeMs` or holds nothing unread (unknown while Kafka is out). */
  async function caughtUpTo(eventTimeMs: number): Promise<boolean> {
    if (partitions.every((p) => reachedInEventTime(p, eventTimeMs))) return true;
    const latest = await admin.fetchTopicOffsets(topic).catch(() => undefined);
    return (
      latest?.every(
        (p) =>
          reachedInEventTime(p.partition, eventTimeMs) ||
          BigInt(p.high) <= (consumedTo.get(p.partition) ?? BigInt(p.low)),
      ) ?? false
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
