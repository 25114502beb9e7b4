import type { AuditEvent } from '@vigil/contracts';
import type { RecentIds } from './recent-ids';

export interface Candidate {
  event: AuditEvent;
  partition: number;
  offset: string;
}

export type StoredPosition = {
  kafka_partition: number | string;
  kafka_offset: number | string;
};

export interface Classified {
  /** Not stored yet: insert and forward. */
  fresh: Candidate[];
  /** Stored by this very message before a crash: forward again, do not insert. */
  replayed: Candidate[];
  duplicates: number;
}

/** Drops ids repeated inside the batch or seen recently; what is left needs a store lookup. */
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
 * (stored, then crashed before the commit); at another position it is a repeat.
 */
export function classifyAgainstStore(
  unseen: Candidate[],
  stored: Map<string, StoredPosition>,
): Classified {
  const result: Classified = { fresh: [], replayed: [], duplicates: 0 };
  for (const candidate of unseen) {
    const row = stored.get(candidate.event.eventId);
    if (!row) result.fresh.push(candidate);
    else if (
      Number(row.kafka_partition) === candidate.partition &&
      String(row.kafka_offset) === candidate.offset
    ) {
      result.replayed.push(candidate);
    } else result.duplicates++;
  }
  return result;
}
