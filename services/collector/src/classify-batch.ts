import type { AuditEvent } from '@vigil/contracts';
import type { RecentIds } from './recent-ids';

export interface Candidate {
  event: AuditEvent;
  partition: number;
  offset: string;
  /** The event time, parsed once. */
  timeMs: number;
  /** The event time as ClickHouse DateTime text. */
  dateTime: string;
  /** The message value the event was decoded from. */
  original: Buffer;
}

export type StoredPosition = {
  kafka_partition: number | string;
  kafka_offset: number | string;
};

export interface StorePlan {
  /** Not stored yet: insert and forward. */
  insert: Candidate[];
  /** The inserted and those stored by this very message before a crash, in source order: forwarded. */
  forward: Candidate[];
  /** Stored from another position: a repeat, dropped. */
  duplicates: number;
}

/** Drops ids repeated inside the batch or seen recently; what is left may be new. */
export function dropRecentRepeats(
  candidates: Candidate[],
  recent: RecentIds,
): { unseen: Candidate[]; duplicates: number } {
  const inBatch = new Set<string>();
  const unseen: Candidate[] = [];
  for (const candidate of candidates) {
    const id = candidate.event.eventId;
    if (inBatch.has(id) || recent.has(id)) continue;
    inBatch.add(id);
    unseen.push(candidate);
  }
  return { unseen, duplicates: candidates.length - unseen.length };
}

/**
 * A stored row at the same Kafka position is this message's own earlier write
 * (stored, then crashed before the commit): forwarded again, not inserted. At
 * another position it is a repeat. Forwarding keeps source order, which the
 * per-partition watermarks downstream rely on.
 */
export function planStore(unseen: Candidate[], stored: Map<string, StoredPosition>): StorePlan {
  const plan: StorePlan = { insert: [], forward: [], duplicates: 0 };
  for (const candidate of unseen) {
    const row = stored.get(candidate.event.eventId);
    if (!row) {
      plan.insert.push(candidate);
      plan.forward.push(candidate);
    } else if (
      Number(row.kafka_partition) === candidate.partition &&
      String(row.kafka_offset) === candidate.offset
    ) {
      plan.forward.push(candidate);
    } else plan.duplicates++;
  }
  return plan;
}
