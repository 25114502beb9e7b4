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
 * kafkajs logs every error answer of the broker at ERROR, and every retried send too,
 * though its retrier handles them: a just-created topic's "not the leader" on a healthy
 * start, a topic another instance created first. Those read as failures to a new user,
 * so they go to debug; what the retrier gives up on reaches the caller as an error.
 */
export function kafkaLogLevel({ namespace, level, log }: LogEntry): Level {
  const retried =
    (namespace === 'Connection' && log.message.startsWith('Response ')) ||
    (namespace === 'Producer' && 'retryCount' in log) ||
    log.message.startsWith('Topic creation errors');
  return retried ? 'debug' : (LEVELS[level] ?? 'info');
}

/** A kafkajs client whose own logs go through the service's pino logger. */
export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      kafkaLogger[kafkaLogLevel(entry)](extra, message);
    },
  });
}
