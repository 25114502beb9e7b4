// What bounds the collector on this machine: each of its costs alone, on the same events,
// in the collector's batch size and with one writer per partition, as the service runs them.
import { insertFlatRows, sendInChunks, toClickHouseDateTime } from '@vigil/runtime';
import { toAuditRow } from '../../services/collector/src/audit-row';
import type { Candidate } from '../../services/collector/src/classify-batch';
import { decodeAuditMessage } from '../../services/collector/src/decode-audit-message';
import { acceptedMessage } from '../../services/collector/src/accepted-message';
import type { benchPipeline } from './bench-kit';

type Bench = Awaited<ReturnType<typeof benchPipeline>>;

/** The collector's batch with the default 4 MiB fetch of ~370-byte events. */
const BATCH = 11_000;
const PARTITIONS = 3;

export interface CollectorCeilings {
  /** Bytes to a valid event (UTF-8, depth, JSON.parse, zod) on one core: no I/O at all. */
  decode: number;
  /** Rows of audit_events_raw written by the collector's insert, three partitions at once. */
  insert: number;
  /** Envelopes to the accepted topic by the collector's produce, three partitions at once. */
  produce: number;
}

/** Events/s of each stage alone; the database and topics are the bench's own (its collector must have migrated them). */
export async function measureCollectorCeilings(
  bench: Bench,
  messages: Array<{ key: string; value: string }>,
): Promise<CollectorCeilings> {
  const originals = messages.map((m) => Buffer.from(m.value));
  const decodeStarted = performance.now();
  const candidates: Candidate[] = originals.map((original, i) => {
    const decoded = decodeAuditMessage(original);
    if (!decoded.ok) throw new Error(decoded.reason);
    const event = decoded.value;
    const partition = i % PARTITIONS;
    const offset = String(Math.floor(i / PARTITIONS));
    const timeMs = Date.parse(event.time);
    return { event, partition, offset, timeMs, dateTime: toClickHouseDateTime(timeMs), original };
  });
  const decode = candidates.length / ((performance.now() - decodeStarted) / 1000);

  const lanes = Array.from({ length: PARTITIONS }, (_, p) =>
    candidates.filter((c) => c.partition === p),
  );
  const database = bench.env.CLICKHOUSE_DATABASE as string;
  const insert = await ratePerPartition(lanes, (batch) => {
    const ingestedAt = toClickHouseDateTime(Date.now());
    const rows = batch.map((c) => toAuditRow(c, ingestedAt));
    return insertFlatRows(bench.clickhouse, database, 'audit_events_raw', rows);
  });
  const accepted = bench.env.VIGIL_TOPIC_ACCEPTED as string;
  const producer = bench.kafka.producer();
  await producer.connect();
  const produce = await ratePerPartition(lanes, (batch) =>
    sendInChunks(
      producer,
      accepted,
      batch.map((c) => ({
        key: c.event.agentId,
        partition: c.partition,
        value: acceptedMessage(c.original, c.timeMs, { partition: c.partition, offset: c.offset }),
      })),
    ),
  );
  await producer.disconnect();
  return { decode, insert, produce };
}

/** Each lane's events in batches, one batch at a time per lane and the lanes side by side. */
async function ratePerPartition(
  lanes: Candidate[][],
  store: (batch: Candidate[]) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (let first = 0; first < lane.length; first += BATCH) {
        await store(lane.slice(first, first + BATCH));
      }
    }),
  );
  const total = lanes.reduce((sum, lane) => sum + lane.length, 0);
  return total / ((performance.now() - started) / 1000);
}
