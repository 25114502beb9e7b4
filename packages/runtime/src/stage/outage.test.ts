import { KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/contracts';
import { RuntimeError } from '../errors';
import { isRebalance, isRefusedAuthentication, outageOf, untilAvailable } from './outage';

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
    const wrapped = Object.assign(new Error('not retriable'), {
      name: 'KafkaJSNonRetriableError',
      originalError: Object.assign(new Error('not aware of this member'), {
        type: 'UNKNOWN_MEMBER_ID',
      }),
    });
    expect(isRebalance(wrapped)).toBe(true);
    expect(outageOf(wrapped)).toBeUndefined();
    expect(isRebalance(new Error('ClickHouse is down'))).toBe(false);
    expect(isRebalance(undefined)).toBe(false);
  });
});

describe('outageOf', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), {
    code: 'ECONNREFUSED',
  });

  it('says ClickHouse is out when its socket is refused', () => {
    expect(outageOf(refused)).toBe('clickhouse');
  });

  it('says Kafka is out when kafkajs gave up connecting', () => {
    const error = Object.assign(new Error('Connection error'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      originalError: Object.assign(new Error('refused'), { name: 'KafkaJSConnectionError' }),
    });
    expect(outageOf(error)).toBe('kafka');
  });

  it('finds the outage inside an error that wraps it', () => {
    expect(
      outageOf(new RuntimeError('VIGIL_MIGRATION_FAILED', 'm', true, { cause: refused })),
    ).toBe('clickhouse');
  });

  it('does not wait on a bug, a non-retriable Vigil error, a rebalance or a refused login', () => {
    expect(outageOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(outageOf(new RuntimeError('VIGIL_SQL_VALUE_INVALID', 'bad', false))).toBeUndefined();
    // Any package's error on the one base is read the same way, whatever it wraps.
    const bad = new VigilError('VIGIL_RESPONSE_POLICY_INVALID', 'bad', false, { cause: refused });
    expect(outageOf(bad)).toBeUndefined();
    const rebalance = Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    expect(outageOf(rebalance)).toBeUndefined();
    const login = Object.assign(new Error('Authentication failed: password is incorrect'), {
      name: 'ClickHouseError',
      code: '193',
    });
    expect(isRefusedAuthentication(login)).toBe(true);
    expect(outageOf(login)).toBeUndefined();
  });

  it("reads ClickHouse 18.16's answers too, which the client leaves as plain errors", () => {
    const say = (text: string) => new Error(`${text}, e.what() = DB::Exception`);
    const busy = say('Code: 202, e.displayText() = DB::Exception: Too many simultaneous queries');
    expect(outageOf(busy)).toBe('clickhouse');
    const login = say(
      'Code: 193, e.displayText() = DB::Exception: Wrong password for user default',
    );
    expect(isRefusedAuthentication(login)).toBe(true);
  });
});

describe('untilAvailable', () => {
  it('waits out an outage and reports its start, each attempt and its end', async () => {
    const events: string[] = [];
    let calls = 0;
    const result = await untilAvailable(
      async () => {
        if (++calls < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
        return 'stored';
      },
      {
        onFailedAttempt: (store, _error, attempt) => void events.push(`${store} ${attempt}`),
        onRecovered: (store) => void events.push(`${store} back`),
      },
    );
    expect(result).toBe('stored');
    expect(events).toEqual(['clickhouse 1', 'clickhouse 2', 'clickhouse back']);
  }, 10_000);

  it('throws what is not an outage at once, and reports no outage for it', async () => {
    const events: string[] = [];
    const report = {
      onFailedAttempt: (store: string) => void events.push(store),
      onRecovered: (store: string) => void events.push(`${store} back`),
    };
    await expect(
      untilAvailable(() => Promise.reject(new TypeError('bug')), report),
    ).rejects.toThrow('bug');
    // A commit refused because the group moved on: kafkajs rejoins on it. Reported as an
    // outage, it paused the consumer for good (nothing recovers to resume it).
    const rebalance = Object.assign(new Error('The coordinator is not aware of this member'), {
      type: 'UNKNOWN_MEMBER_ID',
    });
    await expect(untilAvailable(() => Promise.reject(rebalance), report)).rejects.toBe(rebalance);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual([]);
  });
});
