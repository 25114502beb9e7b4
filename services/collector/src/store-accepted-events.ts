import { toEpochMs } from '@vigil/contracts';
import { Counter } from 'prom-client';
import {
  findStoredRows,
  insertFlatRows,
  latestStoredTime,
  sendInChunks,
  toClickHouseDateTime,
  type DecodedMessage,
  type ServiceContext,
} from '@vigil/runtime';
import { toAuditRow } from './audit-row';
import {
  dropRecentRepeats,
  planStore,
  type Candidate,
  type StoredPosition,
} from './classify-batch';
import type { CollectorConfig } from './config';
import type { Records } from './formats/records';
import { LatestStoredAtAssignment } from './latest-stored-at-assignment';
import { acceptedMessage } from './accepted-message';
import { lookupHorizon, mayBeStored } from './lookup-horizon';
import { RecentIds } from './recent-ids';

const TABLE = 'audit_events_raw';

/** One batch of decoded records from one partition of one input topic. */
export interface AcceptedBatch {
  items: DecodedMessage<Records>[];
  topic: string;
  partition: number;
  /** The rows of its new events, once forwarded: written to ClickHouse as the stage reads on. */
  rows?: ReturnType<typeof toAuditRow>[];
}

/**
 * Stores one batch of valid events: repeats dropped, new events forwarded
 * (keyed by agent) to the enricher at once and written to ClickHouse once,
 * trailing (the stage's `persist`: detection does not wait for the insert).
 * Both finish before the stage commits, so a crash in between replays the
 * batch: the store lookup then recognises this message's own row and forwards
 * it without a second write, or finds no row and writes it. Only events that
 * may already be stored are looked up (lookup-horizon.ts).
 */
export function createAcceptedEventStore(context: ServiceContext<CollectorConfig>) {
  const { config, clickhouse, metrics } = context;
  const recent = new RecentIds(config.COLLECTOR_RECENT_IDS);
  const latestAtAssignment = new LatestStoredAtAssignment(() =>
    latestStoredTime(clickhouse, config.CLICKHOUSE_DATABASE, TABLE),
  );
  const skipped = new Counter({
    name: 'vigil_collector_skipped_total',
    help: 'Well-formed input records that hold no MCP request (not MCP, notifications, client spans, …)',
    labelNames: ['topic', 'reason'],
    registers: [metrics.registry],
  });

  async function forwardBatch(batch: AcceptedBatch) {
    const { items, topic, partition } = batch;
    const storedBefore = await latestAtAssignment.get();
    const candidates = items.flatMap(({ value, message }) => {
      for (const reason of value.skipped) skipped.inc({ topic, reason });
      return value.events.map((event) => {
        const timeMs = toEpochMs(event.time);
        return {
          event,
          partition,
          offset: message.offset,
          timeMs,
          dateTime: toClickHouseDateTime(timeMs),
          // The contract's own format goes on in the bytes it came in; a mapped event as written here.
          original:
            topic === config.VIGIL_TOPIC_AUDIT
              ? (message.value as Buffer)
              : Buffer.from(JSON.stringify(event)),
        };
      });
    });
    // No await from here to the lookup split: memory and its forgotten horizon are read as one.
    const { unseen, duplicates: recentRepeats } = dropRecentRepeats(candidates, recent);
    const horizon = lookupHorizon(storedBefore, recent.latestForgottenTime);
    const stored = await findStoredPositions(
      unseen.filter((c) => mayBeStored(c.dateTime, horizon)),
    );
    const plan = planStore(unseen, stored);

    const ingestedAt = toClickHouseDateTime(Date.now());
    await forward(plan.forward);
    batch.rows = plan.insert.map((c) => toAuditRow(c, ingestedAt));
    for (const c of unseen) recent.add(c.event.eventId, c.dateTime);
    metrics.accepted.inc({ topic }, plan.insert.length);
    metrics.duplicates.inc({ topic }, recentRepeats + plan.duplicates);
  }

  function findStoredPositions(candidates: Candidate[]) {
    const times = candidates.map((c) => c.dateTime).sort();
    return findStoredRows<StoredPosition>(clickhouse, {
      database: config.CLICKHOUSE_DATABASE,
      table: TABLE,
      idColumn: 'event_id',
      ids: candidates.map((c) => c.event.eventId),
      scope: { column: 'agent_id', values: candidates.map((c) => c.event.agentId) },
      columns: ['kafka_partition', 'kafka_offset'],
      timeRange: { column: 'event_time', from: times[0] ?? '', to: times.at(-1) ?? '' },
    });
  }

  async function forward(candidates: Candidate[]) {
    if (candidates.length === 0) return;
    await sendInChunks(
      context.producer,
      config.VIGIL_TOPIC_ACCEPTED,
      candidates.map((c) => ({
        key: c.event.agentId,
        // Same partition number as the source: per-partition order holds downstream.
        partition: c.partition,
        value: acceptedMessage(c.original, c.timeMs, { partition: c.partition, offset: c.offset }),
      })),
    );
  }

  return {
    forwardBatch,
    async insertBatches(batches: AcceptedBatch[]) {
      const rows = batches.flatMap((batch) => batch.rows ?? []);
      await insertFlatRows(clickhouse, config.CLICKHOUSE_DATABASE, TABLE, rows);
    },
    /** Called on every group join: partitions may have changed hands. */
    partitionsReassigned: () => latestAtAssignment.reassigned(),
  };
}
