import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../logger';

export type { Kafka };

type Level = 'error' | 'warn' | 'info' | 'debug';

const LEVELS: Record<number, Level> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Broker answers that only say a partition or a group coordinator is still moving into
 * place: a topic just created, the first consumer group of a new cluster, a leader
 * election. kafkajs retries them (and `ensureTopics` does too); when the retries run
 * out, the caller gets the error and logs it. Every other answer stays an error.
 */
const TRANSIENT_ANSWERS = new Set([
  'This server is not the leader for that topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
]);

/** kafkajs's words for a connection that broke or closed under a request, and the consumer restart after it. */
const CONNECTION_LOST =
  /Connection error|KafkaJSConnectionError|Connection timeout|Closed connection|Restarting the consumer/;

/**
 * kafkajs logs every error answer of the broker at ERROR before its retrier handles
 * it, so a healthy start read as a failing one. What is waited out goes to debug.
 * While the service stops, its clients disconnect under requests in flight: a
 * connection lost then is part of stopping, and goes to info.
 */
export function kafkaLogLevel({ namespace, level, log }: LogEntry, stopping = false): Level {
  if (stopping && level <= logLevel.WARN && CONNECTION_LOST.test(log.message)) return 'info';
  const error: unknown = log.error;
  const answer = namespace === 'Connection' && log.message.startsWith('Response ');
  const waitedOut =
    (answer && typeof error === 'string' && TRANSIENT_ANSWERS.has(error)) ||
    // Instances starting together create the same topics: kafkajs's admin takes "already
    // exists" as done and throws any other creation error to the caller.
    (answer &&
      log.message.startsWith('Response CreateTopics') &&
      error === 'Topic creation errors') ||
    (namespace === 'Producer' && 'retryCount' in log);
  return waitedOut ? 'debug' : (LEVELS[level] ?? 'info');
}

/** A kafkajs client whose own logs go through the service's pino logger (`stopping`: the service's stop). */
export function createKafka(
  brokers: string[],
  clientId: string,
  logger: Logger,
  stopping?: AbortSignal,
): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      kafkaLogger[kafkaLogLevel(entry, stopping?.aborted)](extra, message);
    },
  });
}
