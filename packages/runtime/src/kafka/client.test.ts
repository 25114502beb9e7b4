import { logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from './client';

const entry = (namespace: string, message: string, extra: object = {}): LogEntry => ({
  namespace,
  level: logLevel.ERROR,
  label: 'ERROR',
  log: { timestamp: '', logger: 'kafkajs', message, ...extra },
});
const answer = (request: string, error: string) =>
  entry('Connection', `Response ${request}`, { error, correlationId: 7, size: 114 });

describe('kafkaLogLevel', () => {
  it('keeps the answers a healthy start waits out out of the error log', () => {
    const notLeader = 'This server is not the leader for that topic-partition';
    expect(kafkaLogLevel(answer('ListOffsets(key: 2, version: 3)', notLeader))).toBe('debug');
    const noCoordinator = 'The group coordinator is not available';
    expect(kafkaLogLevel(answer('GroupCoordinator(key: 10, version: 2)', noCoordinator))).toBe(
      'debug',
    );
    const created = answer('CreateTopics(key: 19, version: 3)', 'Topic creation errors');
    expect(kafkaLogLevel(created)).toBe('debug');
    expect(kafkaLogLevel(entry('Producer', 'Failed to send messages', { retryCount: 0 }))).toBe(
      'debug',
    );
  });

  it('logs an answer no retry can heal, and a crash of the consumer, as errors', () => {
    const tooLarge =
      'The request included a message larger than the max message size the server will accept';
    expect(kafkaLogLevel(answer('Produce(key: 0, version: 7)', tooLarge))).toBe('error');
    expect(kafkaLogLevel(answer('Metadata(key: 3, version: 6)', 'Topic creation errors'))).toBe(
      'error',
    );
    expect(kafkaLogLevel(entry('Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded'))).toBe('error');
  });

  it('takes a connection lost while the service stops as part of stopping, and as an error otherwise', () => {
    const lost = entry('Connection', 'Connection error: write after end');
    const crash = entry(
      'Consumer',
      'Crash: KafkaJSConnectionError: Connection error: write after end',
    );
    const restart = entry('Consumer', 'Restarting the consumer in 200ms');
    for (const log of [lost, crash, restart]) {
      expect(kafkaLogLevel(log)).toBe('error');
      expect(kafkaLogLevel(log, true)).toBe('info');
    }
    const retries = entry('Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded');
    expect(kafkaLogLevel(retries, true)).toBe('error');
  });
});
