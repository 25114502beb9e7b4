import type { AuditEvent } from '@vigil/contracts';
import type { Producer } from 'kafkajs';

export interface AuditSinkStats {
  /** Events handed to Kafka and acknowledged. */
  sent: number;
  /** Events dropped because the buffer was full. */
  dropped: number;
  /** Events lost because Kafka refused them after the producer's own retries. */
  failed: number;
  /** Events waiting in the buffer. */
  buffered: number;
}

export interface AuditSink {
  /** Queues one event; never blocks and never throws. */
  emit(event: AuditEvent): void;
  stats(): AuditSinkStats;
  /** Sends what is buffered, then stops. */
  close(): Promise<void>;
}

export interface KafkaAuditSinkOptions {
  /** A kafkajs producer (connected or not); the sink connects it if needed and disconnects it on close. */
  producer: Producer;
  /** The collector's audit topic (default: the contract's `mcp.audit.v1`). */
  topic?: string;
  /** Events held while Kafka is slow or away; beyond this new ones are dropped and counted. */
  maxBuffered?: number;
  /** Events per produce request. */
  batchSize?: number;
  /** How long an event may wait for others to share its request. */
  lingerMs?: number;
  onError?(error: unknown): void;
}

/**
 * Audit events to Kafka without holding up the MCP call: `emit` only appends to a
 * bounded buffer, and one background loop sends it in batches (keyed by agent,
 * like a gateway would), leaving retries to the kafkajs producer. A full buffer
 * drops new events and counts them, so a slow Kafka never grows the server's memory.
 */
export function kafkaAuditSink(options: KafkaAuditSinkOptions): AuditSink {
  const { producer } = options;
  const topic = options.topic ?? 'mcp.audit.v1';
  const maxBuffered = options.maxBuffered ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const lingerMs = options.lingerMs ?? 100;
  const buffer: AuditEvent[] = [];
  const counts = { sent: 0, dropped: 0, failed: 0 };
  let connected: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;

  function schedule() {
    if (timer || sending) return;
    timer = setTimeout(() => {
      timer = undefined;
      sending = drain().finally(() => {
        sending = undefined;
        if (buffer.length > 0) schedule();
      });
    }, lingerMs);
    timer.unref();
  }

  async function drain() {
    connected ??= producer.connect();
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize);
      try {
        await connected;
        await producer.send({
          topic,
          messages: batch.map((event) => ({ key: event.agentId, value: JSON.stringify(event) })),
        });
        counts.sent += batch.length;
      } catch (error) {
        counts.failed += batch.length;
        connected = undefined;
        options.onError?.(error);
        return;
      }
    }
  }

  return {
    emit(event) {
      if (buffer.length >= maxBuffered) {
        counts.dropped++;
        return;
      }
      buffer.push(event);
      schedule();
    },
    stats: () => ({ ...counts, buffered: buffer.length }),
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await sending;
      await drain();
      await producer.disconnect();
    },
  };
}
