import type { TokenRecord } from './identity-records';
import { removeToken, type IdentityStore } from './identity-store';
import { pruneClaimedUses } from './recorded-uses';

/** When a token stops mattering: its expiry or revocation, else (no end known) the last time anything mentioned it. */
function tokenEndMs(token: TokenRecord): number {
  if (token.issuedAtMs === undefined) return token.revokedAtMs ?? token.lastSeenMs;
  const ends = [token.expiresAtMs, token.revokedAtMs].filter((t): t is number => t !== undefined);
  return ends.length > 0 ? Math.min(...ends) : token.lastSeenMs;
}

/**
 * Drops what no event inside the retention horizon can need. Sessions, users and delegations stay
 * while a token still points at them, so pruning them never changes a live token's verdict.
 */
export function pruneStore(store: IdentityStore, watermarkMs: number): void {
  const horizonMs = watermarkMs - store.config.retentionMs;
  for (const token of [...store.tokens.values(), ...store.pendingTokens.values()]) {
    if (tokenEndMs(token) < horizonMs && token.lastSeenMs < horizonMs)
      removeToken(store, token.tokenId);
  }
  for (const [sessionId, session] of store.sessions) {
    if (session.lastSeenMs < horizonMs && !store.tokensBySession.has(sessionId))
      store.sessions.delete(sessionId);
  }
  for (const [userId, user] of store.users) {
    if (user.lastSeenMs < horizonMs && !store.tokensByUser.has(userId)) store.users.delete(userId);
  }
  for (const [key, delegation] of store.delegations) {
    if (delegation.lastSeenMs < horizonMs && !store.tokensByUser.has(delegation.userId))
      store.delegations.delete(key);
  }
  pruneClaimedUses(store, horizonMs);
}
