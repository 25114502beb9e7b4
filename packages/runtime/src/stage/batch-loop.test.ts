import { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { setTopicsPaused } from './batch-loop';

// A consumer that is not running (as between a crash and kafkajs' restart of it) has no group.
const idle = () =>
  new Kafka({ brokers: ['127.0.0.1:1'], logCreator: () => () => undefined }).consumer({
    groupId: 'idle',
  });

describe('setTopicsPaused', () => {
  it('leaves a consumer without a group as it is', () => {
    const consumer = idle();
    expect(() => consumer.pause([{ topic: 't' }])).toThrow(/not initialized/);
    expect(() => setTopicsPaused(consumer, ['t'], true)).not.toThrow();
    expect(() => setTopicsPaused(consumer, ['t'], false)).not.toThrow();
  });

  it('passes on any other refusal', () => {
    expect(() => setTopicsPaused(idle(), [''], true)).toThrow(/Invalid topic/);
  });
});
