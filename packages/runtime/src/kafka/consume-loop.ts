import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from '../logger';
import type { PipelineMetrics } from '../http/metrics';
import { sendToDeadLetter, type DeadLetter } from './dead-letter';

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface BatchContext {
  topic: string;
  partition: number;
  /** Messages still unread in the partition after this batch. */
  offsetLag: bigint;
  /** Offset of the batch's last message. */
  lastOffset: string;
}

export interface DecodedMessage<T> {
  value: T;
  message: KafkaMessage;
}

export interface ConsumeLoopOptions<T> {
  consumer: Consumer;
  producer: Producer;
  /** The input topic, or several read by one stage (each batch is of one topic). */
  topic: string | string[];
  deadLetterTopic: string;
  /** Pure: turns one message into a value, or a reason it goes to the dead-letter topic. */
  decode(message: KafkaMessage, context: BatchContext): Decoded<T>;
  /** Stores the batch's results; it must be idempotent, since a crash before the commit replays the batch. */
  handle(items: DecodedMessage<T>[], context: BatchContext): Promise<void>;
  /**
   * Where to commit after `handle` (default: just past the batch; undefined: not
   * now). A stage that holds some events back, or saves its state less often than
   * every batch, commits only as far as what is safely stored.
   */
  commitOffset?(context: BatchContext, lastOffset: string): string | undefined;
  /** Called when the handler fails for good; nothing of the batch is committed. */
  onFatal(error: unknown): void;
  logger: Logger;
  metrics: PipelineMetrics;
  /** Batches of different partitions handled at once (default 3). */
  partitionsConcurrently?: number;
}

/**
 * At-least-once consumption: each batch is decoded, its bad messages
 * dead-lettered, its results stored by `handle`, and only then its offsets
 * committed. A crash at any point replays from the last committed offset.
 */
export async function runConsumeLoop<T>(options: ConsumeLoopOptions<T>): Promise<void> {
  const { consumer, logger, metrics } = options;
  await consumer.subscribe({ topics: [options.topic].flat(), fromBeginning: true });
  await consumer.run({
    // Partitions are independent (keyed by agent): their store round trips overlap.
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 3,
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, heartbeat, isStale, isRunning, resolveOffset }) => {
      if (batch.messages.length === 0 || isStale() || !isRunning()) return;
      const topic = batch.topic;
      const context = {
        topic: batch.topic,
        partition: batch.partition,
        offsetLag: BigInt(batch.offsetLag()),
        lastOffset: batch.lastOffset(),
      };
      const stopTimer = metrics.batchSeconds.startTimer({ topic });
      try {
        const { valid, rejected } = decodeBatch(batch.messages, context, options.decode);
        metrics.messagesIn.inc({ topic }, batch.messages.length);
        await sendToDeadLetter(options.producer, options.deadLetterTopic, topic, rejected);
        metrics.deadLettered.inc({ topic }, rejected.length);
        await options.handle(valid, context);
        const last = batch.lastOffset();
        const offset = options.commitOffset
          ? options.commitOffset(context, last)
          : (BigInt(last) + 1n).toString();
        if (offset !== undefined) {
          await consumer.commitOffsets([{ topic, partition: batch.partition, offset }]);
        }
        resolveOffset(last);
        metrics.consumerLag.set(
          { topic, partition: String(batch.partition) },
          Number(batch.offsetLag()),
        );
        await heartbeat();
      } catch (error) {
        if (isRebalance(error)) {
          // Not a failure: kafkajs rejoins the group when this error reaches it, and whatever of
          // the batch was not committed is read again by the partition's next owner (stores are idempotent).
          logger.warn({ ...context }, 'group rebalancing during a batch; rejoining');
          throw error;
        }
        logger.fatal(
          { err: error, ...context },
          'batch could not be stored; stopping without commit',
        );
        options.onFatal(error);
        throw error;
      } finally {
        stopTimer();
      }
    },
  });
}

/** The errors kafkajs answers with while the group rebalances (its own runner rejoins on them). */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

export function isRebalance(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && REBALANCE_ERRORS.has(type);
}

function decodeBatch<T>(
  messages: KafkaMessage[],
  context: BatchContext,
  decode: ConsumeLoopOptions<T>['decode'],
): { valid: DecodedMessage<T>[]; rejected: DeadLetter[] } {
  const valid: DecodedMessage<T>[] = [];
  const rejected: DeadLetter[] = [];
  for (const message of messages) {
    let decoded: Decoded<T>;
    try {
      decoded = decode(message, context);
    } catch (error) {
      decoded = { ok: false, reason: `decoder failed: ${(error as Error).message}` };
    }
    if (decoded.ok) valid.push({ value: decoded.value, message });
    else rejected.push({ message, reason: decoded.reason });
  }
  return { valid, rejected };
}
