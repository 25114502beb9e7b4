import { toEpochMs, type IdentityEvent } from '@vigil/contracts';
import type { DelegationRecord, TokenRecord } from './identity-records';
import {
  delegationKey,
  earliest,
  emptyToken,
  findToken,
  indexToken,
  putBounded,
  putToken,
  touchUser,
  unindexToken,
  type IdentityStore,
} from './identity-store';

/**
 * Folds one identity event into the store. Every merge is order-free (earliest time of a one-way
 * fact, union of histories, deterministic tie-breaks), so any arrival order ends in the same state.
 */
export function applyIdentityEvent(store: IdentityStore, event: IdentityEvent, atMs: number): void {
  if (event.userId !== undefined) touchUser(store, event.userId, atMs);
  switch (event.type) {
    case 'token.issued':
      return issueToken(store, event, atMs);
    case 'token.revoked':
      return revokeToken(store, event, atMs);
    case 'session.ended':
      return endSession(store, event, atMs);
    case 'user.disabled':
      if (event.userId !== undefined) {
        const user = touchUser(store, event.userId, atMs);
        user.disabledAtMs = earliest(user.disabledAtMs, atMs);
      }
      return;
    case 'delegation.granted':
    case 'delegation.revoked':
      return recordDelegation(store, event, atMs);
  }
}

function tokenFor(store: IdentityStore, tokenId: string, atMs: number): TokenRecord {
  const existing = findToken(store, tokenId);
  if (existing) {
    if (atMs > existing.lastSeenMs) existing.lastSeenMs = atMs;
    return existing;
  }
  const created = emptyToken(tokenId, atMs);
  putToken(store, created);
  return created;
}

function frozen(list: string[] | undefined): string[] | undefined {
  return list === undefined ? undefined : (Object.freeze([...list]) as string[]);
}

function issueToken(store: IdentityStore, event: IdentityEvent, atMs: number): void {
  if (event.tokenId === undefined) return;
  const token = tokenFor(store, event.tokenId, atMs);
  const current = token.issuedAtMs;
  // A repeated issue of the same jti keeps the earliest report, so arrival order cannot change it.
  const replaces =
    current === undefined ||
    atMs < current ||
    (atMs === current && event.eventId < (token.issueEventId ?? ''));
  if (!replaces) return;
  unindexToken(store, token);
  token.issuedAtMs = atMs;
  token.issueEventId = event.eventId;
  token.agentId = event.agentId;
  token.userId = event.userId;
  token.sessionId = event.sessionId;
  token.scopes = frozen(event.scopes);
  token.actorChain = frozen(event.actorChain);
  token.expiresAtMs = event.expiresAt === undefined ? undefined : toEpochMs(event.expiresAt);
  // A first issue moves the record from the pending tokens to the issued ones (indexed there).
  if (current === undefined) putToken(store, token);
  else indexToken(store, token);
}

function revokeToken(store: IdentityStore, event: IdentityEvent, atMs: number): void {
  if (event.tokenId === undefined) return;
  const token = tokenFor(store, event.tokenId, atMs);
  token.revokedAtMs = earliest(token.revokedAtMs, atMs);
}

function endSession(store: IdentityStore, event: IdentityEvent, atMs: number): void {
  if (event.sessionId !== undefined) {
    const session = store.sessions.get(event.sessionId);
    if (session) {
      session.endedAtMs = earliest(session.endedAtMs, atMs);
      session.lastSeenMs = Math.max(session.lastSeenMs, atMs);
    } else {
      putBounded(
        store.sessions,
        event.sessionId,
        { endedAtMs: atMs, lastSeenMs: atMs },
        store.config.maxSessions,
      );
    }
    return;
  }
  // No session id but a user: every session of that user ended (Okta's "clear user sessions").
  if (event.userId !== undefined) {
    const user = touchUser(store, event.userId, atMs);
    user.sessionsEndedAtMs = keepNewest(
      unionSorted(user.sessionsEndedAtMs, atMs),
      store.config.historyPerDelegation,
    );
  }
}

function unionSorted(times: readonly number[], atMs: number): number[] {
  if (times.includes(atMs)) return [...times];
  return [...times, atMs].sort((a, b) => a - b);
}

function keepNewest<T>(sorted: T[], max: number): T[] {
  return sorted.length > max ? sorted.slice(sorted.length - max) : sorted;
}

function recordDelegation(store: IdentityStore, event: IdentityEvent, atMs: number): void {
  if (event.userId === undefined) return;
  const max = store.config.historyPerDelegation;
  const agentId = event.agentId;
  if (agentId === undefined) {
    // Consent withdrawn from every agent: kept on the user, the one record a verdict always reads.
    if (event.type === 'delegation.revoked') {
      const user = touchUser(store, event.userId, atMs);
      user.delegationsRevokedAtMs = keepNewest(unionSorted(user.delegationsRevokedAtMs, atMs), max);
    }
    return;
  }
  const key = delegationKey(event.userId, agentId);
  let delegation = store.delegations.get(key);
  if (!delegation) {
    delegation = { userId: event.userId, agentId, grants: [], revokedAtMs: [], lastSeenMs: atMs };
    putBounded(store.delegations, key, delegation, store.config.maxDelegations);
  }
  delegation.lastSeenMs = Math.max(delegation.lastSeenMs, atMs);
  if (event.type === 'delegation.revoked') {
    delegation.revokedAtMs = keepNewest(unionSorted(delegation.revokedAtMs, atMs), max);
  } else {
    addGrant(delegation, event, atMs, max);
  }
}

function addGrant(
  delegation: DelegationRecord,
  event: IdentityEvent,
  atMs: number,
  max: number,
): void {
  if (delegation.grants.some((grant) => grant.eventId === event.eventId)) return;
  const grant = {
    atMs,
    eventId: event.eventId,
    scopes: frozen(event.scopes),
    actorChain: frozen(event.actorChain),
    expiresAtMs: event.expiresAt === undefined ? undefined : toEpochMs(event.expiresAt),
  };
  const grants = [...delegation.grants, grant].sort(
    (a, b) => a.atMs - b.atMs || (a.eventId < b.eventId ? -1 : 1),
  );
  delegation.grants = keepNewest(grants, max);
}
