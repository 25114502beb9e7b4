import { IdentityError } from './identity-error';
import { describeZodError } from './describe-zod-error';
import { IdentitySnapshot, type TokenRecord } from './identity-records';
import type { IdentityStateConfig } from './identity-state-config';
import {
  createStore,
  delegationKey,
  emptyToken,
  putBounded,
  putToken,
  type IdentityStore,
} from './identity-store';

/** Plain-data copy of the store (indexes are rebuilt on restore, so they are not stored). */
export function snapshotStore(store: IdentityStore): IdentitySnapshot {
  return structuredClone({
    version: 1 as const,
    tokens: [...store.tokens.values(), ...store.pendingTokens.values()],
    sessions: [...store.sessions.entries()],
    users: [...store.users.entries()],
    delegations: [...store.delegations.values()],
    claimedUses: [...store.claimedUses.entries()],
  });
}

export function restoreStore(config: IdentityStateConfig, snapshot: unknown): IdentityStore {
  const result = IdentitySnapshot.safeParse(snapshot);
  if (!result.success) {
    throw new IdentityError(
      'VIGIL_IDENTITY_INVALID_SNAPSHOT',
      `invalid identity snapshot: ${describeZodError(result.error)}`,
    );
  }
  const store = createStore(config);
  for (const token of result.data.tokens) {
    // Rebuilt through emptyToken so every record has the same shape as live ones.
    const record: TokenRecord = { ...emptyToken(token.tokenId, token.lastSeenMs), ...token };
    putToken(store, record);
  }
  for (const [id, session] of result.data.sessions)
    putBounded(store.sessions, id, session, config.maxSessions);
  for (const [id, user] of result.data.users) putBounded(store.users, id, user, config.maxUsers);
  for (const delegation of result.data.delegations) {
    putBounded(
      store.delegations,
      delegationKey(delegation.userId, delegation.agentId),
      delegation,
      config.maxDelegations,
    );
  }
  for (const [userId, uses] of result.data.claimedUses) store.claimedUses.set(userId, uses);
  return store;
}
