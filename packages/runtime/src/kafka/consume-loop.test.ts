import { KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRebalance } from './consume-loop';

describe('isRebalance', () => {
  it('tells a rebalance kafkajs rejoins on from a failure', () => {
    // As kafkajs builds it from the broker's error code 27.
    const rebalancing = new KafkaJSProtocolError(
      Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), {
        type: 'REBALANCE_IN_PROGRESS',
        code: 27,
      }),
    );
    expect(isRebalance(rebalancing)).toBe(true);
    expect(isRebalance(new Error('ClickHouse is down'))).toBe(false);
    expect(isRebalance(undefined)).toBe(false);
  });
});
