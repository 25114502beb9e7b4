// What bounds the collector on this machine: each of its costs alone, on the same events,
// in the collector's batch size and with one writer per partition, as the service runs them.
import type { AuditEvent, PipelineEvent } from '@vigil/contracts';
import { insertFlatRows, sendInChunks, toClickHouseDateTime } from '@vigil/runtime';
import type { Message } from 'kafkajs';
import { toAuditRow } from '../../services/collector/src/audit-row';
import { decodeAuditMessage } from '../../services/collector/src/decode-audit-message';
import type { benchPipeline } from './bench-kit';

type Bench = Awaited<ReturnType<typeof benchPipeline>>;

/** The collector's batch with the default 4 MiB fetch of ~370-byte events. */
const BATCH = 11_000;
const PARTITIONS = 3;

export interface CollectorCeilings {
  /** JSON.parse + zod on one core: no I/O at all. */
  decode: number;
  /** Rows of audit_events_raw written by the collector's insert, three partitions at once. */
  insert: number;
  /** PipelineEvents to the accepted topic by the collector's produce, three partitions at once. */
  produce: number;
}

/** Events/s of each stage alone; the database and topics are the bench's own (its collector must have migrated them). */
export async function measureCollectorCeilings(
  bench: Bench,
  messages: Array<{ key: string; value: string }>,
): Promise<CollectorCeilings> {
  const buffers = messages.map((m) => Buffer.from(m.value));
  const decodeStarted = performance.now();
  const events = buffers.map((value) => {
    const decoded = decodeAuditMessage(value);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.value;
  });
  const decode = events.length / ((performance.now() - decodeStarted) / 1000);

  const lanes = Array.from({ length: PARTITIONS }, (_, p) =>
    events.filter((_, i) => i % PARTITIONS === p),
  );
  const database = bench.env.CLICKHOUSE_DATABASE as string;
  const insert = await ratePerPartition(lanes, (batch, partition, first) =>
    insertFlatRows(
      bench.clickhouse,
      database,
      'audit_events_raw',
      batch.map((event, i) =>
        toAuditRow(
          {
            event,
            partition,
            offset: String(first + i),
            dateTime: toClickHouseDateTime(event.time),
          },
          toClickHouseDateTime(Date.now()),
        ),
      ),
    ),
  );
  const accepted = bench.env.VIGIL_TOPIC_ACCEPTED as string;
  const producer = bench.kafka.producer();
  await producer.connect();
  const produce = await ratePerPartition(lanes, (batch, partition, first) =>
    sendInChunks(producer, accepted, batch.map(forwarded(partition, first))),
  );
  await producer.disconnect();
  return { decode, insert, produce };
}

function forwarded(partition: number, first: number) {
  return (event: AuditEvent, i: number): Message => {
    const value: PipelineEvent = { event, source: { partition, offset: String(first + i) } };
    return { key: event.agentId, partition, value: JSON.stringify(value) };
  };
}

/** Each lane's events in batches, one batch at a time per lane and the lanes side by side. */
async function ratePerPartition(
  lanes: AuditEvent[][],
  store: (batch: AuditEvent[], partition: number, first: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane, partition) => {
      for (let first = 0; first < lane.length; first += BATCH) {
        await store(lane.slice(first, first + BATCH), partition, first);
      }
    }),
  );
  const total = lanes.reduce((sum, lane) => sum + lane.length, 0);
  return total / ((performance.now() - started) / 1000);
}
