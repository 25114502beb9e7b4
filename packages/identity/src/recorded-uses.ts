import type { AuditEvent } from '@vigil/contracts';
import type { ClaimedUse, RecordedUse, TokenRecord } from './identity-records';
import { putBounded, type IdentityStore } from './identity-store';

/** Appends to a list that keeps only its newest `max` entries; a repeated event id is recorded once. */
function remember<T>(
  list: T[],
  entry: T,
  max: number,
  eventIdOf: (item: T) => string,
  eventId: string,
): void {
  if (max === 0) return;
  for (const item of list) if (eventIdOf(item) === eventId) return;
  if (list.length >= max) list.shift();
  list.push(entry);
}

const useEventId = (use: RecordedUse): string => use.eventId;
const claimedEventId = (claimed: ClaimedUse): string => claimed.use.eventId;

export function useOf(event: AuditEvent, atMs: number): RecordedUse {
  return {
    eventId: event.eventId,
    agentId: event.agentId,
    time: event.time,
    atMs,
    onBehalfOf: event.onBehalfOf,
  };
}

export function recordTokenUse(store: IdentityStore, token: TokenRecord, use: RecordedUse): void {
  remember(token.uses, use, store.config.recentUsesPerToken, useEventId, use.eventId);
}

/** Remembers a use whose user status rests on the gateway's onBehalfOf, under that user. */
export function recordClaimedUse(
  store: IdentityStore,
  tokenId: string | undefined,
  use: RecordedUse,
): void {
  if (use.onBehalfOf === undefined) return;
  let list = store.claimedUses.get(use.onBehalfOf);
  if (!list) {
    list = [];
    // Bounded like users: gateways may name any string as onBehalfOf.
    putBounded(store.claimedUses, use.onBehalfOf, list, store.config.maxUsers);
  }
  remember(list, { tokenId, use }, store.config.recentUsesPerUser, claimedEventId, use.eventId);
}

/** Drops remembered claimed uses older than the horizon (a late event that far back is not re-judged). */
export function pruneClaimedUses(store: IdentityStore, horizonMs: number): void {
  for (const [userId, list] of store.claimedUses) {
    const kept = list.filter((c) => c.use.atMs >= horizonMs);
    if (kept.length === 0) store.claimedUses.delete(userId);
    else if (kept.length !== list.length) store.claimedUses.set(userId, kept);
  }
}
