import type { AuditEvent, PipelineEvent } from '@vigil/contracts';
import {
  findStoredRows,
  insertRows,
  sendInChunks,
  toClickHouseDateTime,
  type BatchContext,
  type DecodedMessage,
  type ServiceContext,
} from '@vigil/runtime';
import { toAuditRow } from './audit-row';
import { classifyAgainstStore, dropRecentRepeats, type StoredPosition } from './classify-batch';
import type { CollectorConfig } from './config';
import { RecentIds } from './recent-ids';

/**
 * Stores one batch of valid events: repeats dropped, new events written to
 * ClickHouse once, then forwarded (keyed by agent) to the enricher. Forwarding
 * after storing means a crash in between replays the batch; the store lookup
 * then recognises this message's own row and forwards it without a second write.
 */
export function createAcceptedEventStore(context: ServiceContext<CollectorConfig>) {
  const { config, clickhouse, producer, metrics } = context;
  const recent = new RecentIds(config.COLLECTOR_RECENT_IDS);
  const topic = config.VIGIL_TOPIC_AUDIT;

  return async function storeBatch(
    items: DecodedMessage<AuditEvent>[],
    batch: BatchContext,
  ): Promise<void> {
    const candidates = items.map(({ value, message }) => ({
      event: value,
      partition: batch.partition,
      offset: message.offset,
    }));
    const { unseen, duplicates: recentRepeats } = dropRecentRepeats(candidates, recent);
    const times = unseen.map((c) => toClickHouseDateTime(c.event.time)).sort();
    const stored = await findStoredRows<StoredPosition>(clickhouse, {
      database: config.CLICKHOUSE_DATABASE,
      table: 'audit_events_raw',
      idColumn: 'event_id',
      ids: unseen.map((c) => c.event.eventId),
      scope: { column: 'agent_id', values: unseen.map((c) => c.event.agentId) },
      columns: ['kafka_partition', 'kafka_offset'],
      timeRange: { column: 'event_time', from: times[0] ?? '', to: times.at(-1) ?? '' },
    });
    const { fresh, replayed, duplicates } = classifyAgainstStore(unseen, stored);

    const now = Date.now();
    await insertRows(
      clickhouse,
      config.CLICKHOUSE_DATABASE,
      'audit_events_raw',
      fresh.map((c) => toAuditRow(c.event, c, now)),
    );
    const forward = [...fresh, ...replayed];
    if (forward.length > 0) {
      await sendInChunks(
        producer,
        config.VIGIL_TOPIC_ACCEPTED,
        forward.map((c) => {
          const pipelineEvent: PipelineEvent = {
            event: c.event,
            source: { partition: c.partition, offset: c.offset },
          };
          // Same partition number as the source: per-partition order holds downstream.
          return {
            key: c.event.agentId,
            partition: c.partition,
            value: JSON.stringify(pipelineEvent),
          };
        }),
      );
    }
    for (const c of unseen) recent.add(c.event.eventId);
    metrics.accepted.inc({ topic }, fresh.length);
    metrics.duplicates.inc({ topic }, recentRepeats + duplicates);
  };
}
