import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { CommonConfig } from '../config';
import { sendToDeadLetter, type DeadLetter } from '../kafka/dead-letter';
import type { ServiceContext } from '../service';
import { consumeBatches, setTopicsPaused } from './batch-loop';
import { EventTimeAlignment } from './event-time-alignment';
import { createSerialQueue } from '../serial';
import { isRebalance, untilAvailable } from './outage';
import type { BatchContext, DecodedMessage, Stage } from './stage';
import { TrailingWrites, type TopicPosition } from './trailing-writes';

/** Trailing writes handed out and not done before the stage waits for them: ClickHouse is behind. */
const MAX_TRAILING_BACKLOG = 2;

/**
 * Runs one stage: each batch is decoded (bad messages dead-lettered), handled,
 * stored and only then committed, so a crash anywhere replays from the last
 * commit. A stage's trailing writes (`persist`) run while it reads on, and
 * hold its commits back until they are done (trailing-writes.ts). Batches, ticks and assignments of all the service's stages take turns
 * in one section, so a stage's state never changes under an await. While
 * ClickHouse or Kafka is unreachable the stage pauses, waits and resumes where it
 * stood (see `untilAvailable`); any other failure stops the service uncommitted.
 */
export async function runStage<C extends CommonConfig, T, Out>(
  context: ServiceContext<C>,
  stage: Stage<T, Out>,
): Promise<void> {
  const { logger, metrics, section } = context;
  const topics = [stage.topic].flat();
  if (topics.length > 1 && (stage.commitPositions || stage.align)) {
    throw new Error(
      `stage of ${topics.join(', ')}: commitPositions and align need a stage of one topic`,
    );
  }
  const grouped = stage.groupId !== undefined;
  // A service of several grouped stages is ready once each has joined its group.
  const part = topics.join('+');
  if (grouped) context.setReady(false, part);
  const consumer = context.createConsumer({
    groupId:
      stage.groupId ?? `${context.config.KAFKA_CLIENT_ID}.${topics.join('+')}.${randomUUID()}`,
    ...stage.fetch,
  });
  // Each keyed by topic, then partition: partition numbers repeat across the stage's topics.
  const assigned = new Map<string, Set<number>>();
  const committed = new Map<string, Map<number, bigint>>();
  const storedThrough = new Map<string, Map<number, string>>();
  const trailing = new TrailingWrites<Out>({
    everyMs: context.config.VIGIL_INSERT_EVERY_MS,
    write: (outs) =>
      available(() => stage.persist?.(outs) ?? Promise.resolve()).catch((error: unknown) => {
        if (!context.signal.aborted) context.fail(error);
        throw error;
      }),
    // What the write held back is committed.
    onDone: () => commitSoon(),
  });
  const positions = (): TopicPosition[] => stagePositions().map((p) => trailing.cap(p));
  const stagePositions = (): TopicPosition[] =>
    stage.commitPositions
      ? stage.commitPositions().map((p) => ({ topic: topics[0] as string, ...p }))
      : [...storedThrough].flatMap(([topic, stored]) =>
          [...stored].map(([partition, last]) => ({
            topic,
            partition,
            offset: (BigInt(last) + 1n).toString(),
          })),
        );

  // Commits go one at a time, beside the batches: nothing waits for a commit but a tick.
  const commits = createSerialQueue();
  const commit = () => commits(commitDue);
  /** A commit queued and not started yet: it will commit whatever is due when it runs. */
  let commitWaiting = false;
  /** Commits what is due without holding the batch up; one queued commit covers every request. */
  function commitSoon(): void {
    if (commitWaiting) return;
    commitWaiting = true;
    commits(() => {
      commitWaiting = false;
      return available(commitDue);
    }).catch((error: unknown) => {
      // The group is rebalancing: the next batch after it commits instead.
      if (!isRebalance(error) && !context.signal.aborted) context.fail(error);
    });
  }
  async function commitDue(): Promise<void> {
    if (!grouped) return;
    const due = positions().filter(
      (p) =>
        assigned.get(p.topic)?.has(p.partition) &&
        BigInt(p.offset) > (committed.get(p.topic)?.get(p.partition) ?? -1n),
    );
    if (due.length === 0) return;
    await consumer.commitOffsets(due);
    for (const p of due) inTopic(committed, p.topic).set(p.partition, BigInt(p.offset));
  }

  /** Steps waiting out an outage: while any is, alignment leaves the pauses alone. */
  let waitingOut = 0;
  /** A step that writes to a store: retried through outages, consumption paused meanwhile. */
  const available = <R>(step: () => Promise<R>, heartbeat?: () => Promise<void>) =>
    untilAvailable(
      step,
      {
        onFailedAttempt: async (store, error, attempt) => {
          if (attempt === 1) {
            waitingOut++;
            setTopicsPaused(consumer, topics, true);
          }
          context.outages.failed(store, error, attempt, { topics });
          await heartbeat?.().catch(() => undefined);
        },
        onRecovered: (store) => {
          waitingOut--;
          context.outages.recovered(store, { topics });
          setTopicsPaused(consumer, topics, false);
        },
      },
      context.signal,
    );

  const inTurn = stage.independentPartitions ? <R>(step: () => Promise<R>) => step() : section;

  const alignment = stage.align && new EventTimeAlignment(stage.align.maxAheadMs);
  const setPartitionsPaused = (partitions: number[], paused: boolean) => {
    if (partitions.length > 0)
      setTopicsPaused(consumer, [{ topic: topics[0] as string, partitions }], paused);
  };
  /** After a batch: how far its partition got in event time, and which partitions wait for the rest. */
  const align = (valid: DecodedMessage<T>[], batch: BatchContext) => {
    if (!alignment || !stage.align || valid.length === 0) return;
    let newest = Number.NEGATIVE_INFINITY;
    for (const { value } of valid) newest = Math.max(newest, stage.align.timeOf(value));
    alignment.delivered(batch.partition, newest, batch.offsetLag > 0n);
    // Pausing some partitions would lift an outage's pause of the topic (kafkajs).
    if (waitingOut > 0) return;
    const { pause, resume } = alignment.changes();
    setPartitionsPaused(pause, true);
    setPartitionsPaused(resume, false);
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    if (alignment) setPartitionsPaused(alignment.reset(), false);
    assigned.clear();
    for (const topic of topics) assigned.set(topic, new Set(payload.memberAssignment[topic] ?? []));
    const partitions = new Set([...assigned.values()].flatMap((p) => [...p]));
    committed.clear();
    storedThrough.clear();
    section(async () => {
      if (stage.onAssign) await available(() => stage.onAssign?.(partitions) ?? Promise.resolve());
      if (grouped) context.setReady(true, part);
    }).catch(context.fail);
  });

  // On a graceful stop, what was gathered is stored and committed, so the next owner of these
  // partitions starts where this one stopped instead of reading the last moments again. Runs
  // before the consumer leaves its group (stops run last-registered first). One try each: the
  // stop is bounded (shutdown.ts), and a replay of what is not committed is harmless.
  context.onStop(async () => {
    setTopicsPaused(consumer, topics, true);
    try {
      await inTurn(async () => {
        await trailing.settled();
        await stage.beforeLastCommit?.();
      });
      await commit();
    } catch (error) {
      logger.warn(
        { err: error, topics },
        'stopping: gathered writes not committed; read again on restart',
      );
    }
  });

  let stateSavedAt = Number.NEGATIVE_INFINITY;
  /** Saves the stage's state when due, once the rows of every batch it covers are written. */
  const saveStateIfDue = async (heartbeat?: () => Promise<void>) => {
    const { saveState } = stage;
    if (!saveState || Date.now() - stateSavedAt < saveState.everyMs) return;
    await (heartbeat ? heartbeatWhile(trailing.settled(), heartbeat) : trailing.settled());
    await available(() => saveState.save(), heartbeat);
    stateSavedAt = Date.now();
  };

  if (stage.tick) {
    const { everyMs, run } = stage.tick;
    let ticking = false;
    const timer = setInterval(() => {
      if (ticking) return;
      ticking = true;
      section(async () => {
        const out = await run(Date.now());
        await available(() => stage.store(out));
        // Ticks are rare and hold nothing up: their writes are done before their commit.
        if (stage.persist) await available(() => stage.persist?.([out]) ?? Promise.resolve());
        // A save after the last batch waits for a tick: commits follow the saved state.
        await saveStateIfDue();
        await available(commit).catch((error: unknown) => {
          // The group is rebalancing: the next batch after it commits instead.
          if (!isRebalance(error)) throw error;
        });
      })
        .catch(context.fail)
        .finally(() => (ticking = false));
    }, everyMs);
    context.onStop(async () => clearInterval(timer));
  }

  await consumer.connect();
  await consumeBatches(
    consumer,
    topics,
    async ({ batch, heartbeat }) => {
      const { topic } = batch;
      const context_: BatchContext = {
        topic,
        partition: batch.partition,
        offsetLag: BigInt(batch.offsetLag()),
        firstOffset: batch.firstOffset() ?? batch.lastOffset(),
        lastOffset: batch.lastOffset(),
      };
      const stopTimer = metrics.batchSeconds.startTimer({ topic });
      try {
        const { valid, rejected } = decodeBatch(batch.messages, context_, stage);
        metrics.messagesIn.inc({ topic }, batch.messages.length);
        await available(
          () => sendToDeadLetter(context.producer, context.config.VIGIL_TOPIC_DLQ, topic, rejected),
          heartbeat,
        );
        metrics.deadLettered.inc({ topic }, rejected.length);
        // A wait on another stage (the identity stream, the detector's first restore) heartbeats too.
        if (stage.before) await heartbeatWhile(stage.before(valid, context_), heartbeat);
        await inTurn(async () => {
          // Where the stage stood before this batch, and at the latest the batch's own start. Not
          // capped by the writes already trailing (they hold their own pins): a pin taken from capped
          // positions would carry an old write's pin on to every later one, for as long as writes overlap.
          const pinned = stage.persist && [
            ...stagePositions(),
            { topic, partition: batch.partition, offset: context_.firstOffset },
          ];
          const out = await stage.handle(valid, context_);
          align(valid, context_);
          await available(() => stage.store(out), heartbeat);
          inTopic(storedThrough, topic).set(batch.partition, context_.lastOffset);
          if (pinned) trailing.add(pinned, out);
          await saveStateIfDue(heartbeat);
          commitSoon();
          if (trailing.backlog >= MAX_TRAILING_BACKLOG) {
            await heartbeatWhile(trailing.settled(), heartbeat);
          }
        });
        metrics.consumerLag.set(
          { topic, partition: String(batch.partition) },
          Number(context_.offsetLag),
        );
        // A broker outage is waited out here too: the heartbeat is the batch's last call to Kafka.
        await available(heartbeat);
      } catch (error) {
        if (isRebalance(error)) {
          // Not a failure: kafkajs rejoins the group when this error reaches it, and whatever of
          // the batch was not committed is read again by the partition's next owner (stores are idempotent).
          logger.warn(
            { topic, partition: batch.partition },
            'group rebalancing during a batch; rejoining',
          );
          throw error;
        }
        if (!context.signal.aborted) {
          logger.fatal(
            { err: error, topic, partition: batch.partition },
            'batch could not be stored; stopping without commit',
          );
          context.fail(error);
        }
        throw error;
      } finally {
        stopTimer();
      }
    },
    stage.partitionsConcurrently ?? 3,
  );
}

/** Heartbeats the group this often while a batch waits on writes held up by an outage. */
const WAIT_HEARTBEAT_MS = 3_000;

/**
 * Waits for `done`, heartbeating meanwhile: a batch that waits out an outage of ClickHouse for longer
 * than the group's session timeout would otherwise be dropped from the group, and its partitions
 * handed round for nothing.
 */
async function heartbeatWhile(done: Promise<void>, heartbeat: () => Promise<void>): Promise<void> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), WAIT_HEARTBEAT_MS);
  try {
    await done;
  } finally {
    clearInterval(timer);
  }
}

function inTopic<V>(byTopic: Map<string, Map<number, V>>, topic: string): Map<number, V> {
  let partitions = byTopic.get(topic);
  if (!partitions) byTopic.set(topic, (partitions = new Map()));
  return partitions;
}

function decodeBatch<T>(
  messages: KafkaMessage[],
  batch: BatchContext,
  stage: Pick<Stage<T, unknown>, 'decode'>,
): { valid: DecodedMessage<T>[]; rejected: DeadLetter[] } {
  const valid: DecodedMessage<T>[] = [];
  const rejected: DeadLetter[] = [];
  for (const message of messages) {
    try {
      const decoded = stage.decode(message, batch);
      if (decoded.ok) valid.push({ value: decoded.value, message });
      else rejected.push({ message, reason: decoded.reason });
    } catch (error) {
      rejected.push({ message, reason: `decoder failed: ${(error as Error).message}` });
    }
  }
  return { valid, rejected };
}
