import { logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from './client';

const entry = (namespace: string, message: string, extra: object = {}): LogEntry => ({
  namespace,
  level: logLevel.ERROR,
  label: 'ERROR',
  log: { timestamp: '', logger: 'kafkajs', message, ...extra },
});

describe('kafkaLogLevel', () => {
  it('keeps what kafkajs retries by itself out of the error log', () => {
    const notLeader = entry('Connection', 'Response ListOffsets(key: 2, version: 3)', {
      error: 'This server is not the leader for that topic-partition',
    });
    expect(kafkaLogLevel(notLeader)).toBe('debug');
    expect(kafkaLogLevel(entry('Producer', 'Failed to send messages', { retryCount: 0 }))).toBe(
      'debug',
    );
    expect(kafkaLogLevel(entry('Admin', 'Topic creation errors'))).toBe('debug');
  });

  it('logs a crash of the consumer as an error', () => {
    expect(kafkaLogLevel(entry('Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded'))).toBe('error');
  });
});
