import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaAuditSink } from './audit-sink';

const event = (i: number) => ({
  eventId: `e-${i}`,
  time: '2026-03-02T10:15:00Z',
  agentId: 'a',
  method: 'tools/call',
  serverId: 's',
  outcome: 'ok' as const,
});

/** A producer whose sends wait until released: Kafka being slow. */
function slowProducer() {
  const sent: ProducerRecord[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    send: async (record: ProducerRecord) => {
      await gate;
      sent.push(record);
      return [];
    },
  } as unknown as Producer;
  return { producer, sent, release };
}

describe('kafkaAuditSink', () => {
  it('never blocks: beyond the buffer events are dropped and counted, the rest are sent', async () => {
    const { producer, sent, release } = slowProducer();
    const sink = kafkaAuditSink({ producer, maxBuffered: 10, batchSize: 4, lingerMs: 1 });
    for (let i = 0; i < 25; i++) sink.emit(event(i));
    expect(sink.stats()).toEqual({ sent: 0, dropped: 15, failed: 0, buffered: 10 });
    release();
    await sink.close();
    expect(sink.stats()).toMatchObject({ sent: 10, dropped: 15, buffered: 0 });
    expect(sent.flatMap((r) => r.messages.map((m) => JSON.parse(String(m.value)).eventId))).toEqual(
      Array.from({ length: 10 }, (_, i) => `e-${i}`),
    );
    expect(sent[0]?.messages[0]?.key).toBe('a');
  });

  it('counts what Kafka refused and goes on', async () => {
    let calls = 0;
    const producer = {
      connect: async () => {},
      disconnect: async () => {},
      send: async () => {
        if (++calls === 1) throw new Error('broker down');
        return [];
      },
    } as unknown as Producer;
    const errors: unknown[] = [];
    const sink = kafkaAuditSink({ producer, lingerMs: 1, onError: (e) => errors.push(e) });
    sink.emit(event(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    sink.emit(event(2));
    await sink.close();
    expect(sink.stats()).toMatchObject({ sent: 1, failed: 1 });
    expect(errors).toHaveLength(1);
  });
});
