import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGES_PER_REQUEST, sendInChunks } from './send-in-chunks';

/** A producer whose sends finish in the reverse order they started: the race that reorders. */
function racingProducer() {
  const landed: Array<{ partition: number | undefined; values: string[] }> = [];
  let inFlight = 0;
  const producer = {
    send: async (record: ProducerRecord) => {
      inFlight++;
      const delay = 40 - inFlight * 10;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delay, 0)));
      inFlight--;
      landed.push({
        partition: record.messages[0]?.partition,
        values: record.messages.map((m) => String(m.value)),
      });
      return [];
    },
  } as unknown as Producer;
  return { producer, landed };
}

const message = (partition: number | undefined, n: number) => ({
  partition,
  value: `${partition ?? 'any'}-${n}-${'x'.repeat(100)}`,
});

describe('sendInChunks', () => {
  it('splits a large send into requests under the byte limit', async () => {
    const { producer, landed } = racingProducer();
    const messages = Array.from({ length: 50 }, (_, n) => message(0, n));
    await sendInChunks(producer, 't', messages, 1_000);
    expect(landed.length).toBeGreaterThan(5);
    expect(landed.flatMap((l) => l.values)).toEqual(messages.map((m) => m.value));
  });

  it('splits a send of many small messages by count, not only by bytes', async () => {
    const { producer, landed } = racingProducer();
    const messages = Array.from({ length: MAX_MESSAGES_PER_REQUEST * 2 + 1 }, (_, n) => ({
      partition: 0,
      value: String(n),
    }));
    await sendInChunks(producer, 't', messages);
    expect(landed.map((l) => l.values.length)).toEqual([
      MAX_MESSAGES_PER_REQUEST,
      MAX_MESSAGES_PER_REQUEST,
      1,
    ]);
  });

  it('keeps each partition in order even when concurrent sends would overtake each other', async () => {
    const { producer, landed } = racingProducer();
    const messages = Array.from({ length: 60 }, (_, n) => message(n % 3, n));
    await sendInChunks(producer, 't', messages, 1_000);
    for (const partition of [0, 1, 2]) {
      const arrived = landed.filter((l) => l.partition === partition).flatMap((l) => l.values);
      const sent = messages.filter((m) => m.partition === partition).map((m) => m.value);
      expect(arrived).toEqual(sent);
    }
  });

  it('keeps messages without an explicit partition in order too', async () => {
    const { producer, landed } = racingProducer();
    const messages = Array.from({ length: 40 }, (_, n) => message(undefined, n));
    await sendInChunks(producer, 't', messages, 1_000);
    expect(landed.flatMap((l) => l.values)).toEqual(messages.map((m) => m.value));
  });
});
