import type { IdentityStateConfig } from './identity-state-config';
import type {
  ClaimedUse,
  DelegationRecord,
  SessionRecord,
  TokenRecord,
  UserRecord,
} from './identity-records';

/** The maps behind the identity state, with the two indexes a late event needs to find affected tokens. */
export interface IdentityStore {
  readonly config: IdentityStateConfig;
  /** Tokens whose issue has been seen. */
  readonly tokens: Map<string, TokenRecord>;
  /**
   * Tokens seen only in uses or a revocation, kept apart and bounded on their own so a flood of
   * unknown jtis cannot evict real tokens.
   */
  readonly pendingTokens: Map<string, TokenRecord>;
  readonly sessions: Map<string, SessionRecord>;
  readonly users: Map<string, UserRecord>;
  readonly delegations: Map<string, DelegationRecord>;
  readonly tokensByUser: Map<string, Set<string>>;
  readonly tokensBySession: Map<string, Set<string>>;
  /** Uses judged by their onBehalfOf user (no known token subject), by that user. */
  readonly claimedUses: Map<string, ClaimedUse[]>;
}

export function createStore(config: IdentityStateConfig): IdentityStore {
  return {
    config,
    tokens: new Map(),
    pendingTokens: new Map(),
    sessions: new Map(),
    users: new Map(),
    delegations: new Map(),
    tokensByUser: new Map(),
    tokensBySession: new Map(),
    claimedUses: new Map(),
  };
}

export function delegationKey(userId: string, agentId: string): string {
  return `${userId}\u0000${agentId}`;
}

/** Inserts into a map that holds at most `max` entries, evicting the oldest-inserted first (deterministic). */
export function putBounded<V>(
  map: Map<string, V>,
  key: string,
  value: V,
  max: number,
  onEvict?: (key: string) => void,
): void {
  if (!map.has(key)) {
    while (map.size >= max) {
      const oldest = map.keys().next();
      if (oldest.done === true) break;
      if (onEvict) onEvict(oldest.value);
      else map.delete(oldest.value);
    }
  }
  map.set(key, value);
}

function addToIndex(
  index: Map<string, Set<string>>,
  key: string | undefined,
  tokenId: string,
): void {
  if (key === undefined) return;
  let ids = index.get(key);
  if (!ids) {
    ids = new Set();
    index.set(key, ids);
  }
  ids.add(tokenId);
}

function removeFromIndex(
  index: Map<string, Set<string>>,
  key: string | undefined,
  tokenId: string,
): void {
  if (key === undefined) return;
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(tokenId);
  if (ids.size === 0) index.delete(key);
}

export function indexToken(store: IdentityStore, token: TokenRecord): void {
  addToIndex(store.tokensByUser, token.userId, token.tokenId);
  addToIndex(store.tokensBySession, token.sessionId, token.tokenId);
}

export function unindexToken(store: IdentityStore, token: TokenRecord): void {
  removeFromIndex(store.tokensByUser, token.userId, token.tokenId);
  removeFromIndex(store.tokensBySession, token.sessionId, token.tokenId);
}

export function findToken(store: IdentityStore, tokenId: string): TokenRecord | undefined {
  return store.tokens.get(tokenId) ?? store.pendingTokens.get(tokenId);
}

export function removeToken(store: IdentityStore, tokenId: string): void {
  store.pendingTokens.delete(tokenId);
  const token = store.tokens.get(tokenId);
  if (!token) return;
  unindexToken(store, token);
  store.tokens.delete(tokenId);
}

/** Files a token record where it belongs (issued or pending), evicting the oldest of its kind when full. */
export function putToken(store: IdentityStore, token: TokenRecord): void {
  if (token.issuedAtMs === undefined) {
    putBounded(store.pendingTokens, token.tokenId, token, store.config.maxUnknownTokens);
    return;
  }
  store.pendingTokens.delete(token.tokenId);
  putBounded(store.tokens, token.tokenId, token, store.config.maxTokens, (evicted) =>
    removeToken(store, evicted),
  );
  indexToken(store, token);
}

/** A token record with every field present, so all records share one shape (faster property access). */
export function emptyToken(tokenId: string, lastSeenMs: number): TokenRecord {
  return {
    tokenId,
    issuedAtMs: undefined,
    issueEventId: undefined,
    agentId: undefined,
    userId: undefined,
    sessionId: undefined,
    scopes: undefined,
    actorChain: undefined,
    expiresAtMs: undefined,
    revokedAtMs: undefined,
    lastSeenMs,
    uses: [],
  };
}

/** The user's record, created on first mention; `atMs` moves its last-seen time forward. */
export function touchUser(store: IdentityStore, userId: string, atMs: number): UserRecord {
  let user = store.users.get(userId);
  if (!user) {
    user = {
      firstSeenMs: atMs,
      disabledAtMs: undefined,
      sessionsEndedAtMs: [],
      delegationsRevokedAtMs: [],
      lastSeenMs: atMs,
    };
    putBounded(store.users, userId, user, store.config.maxUsers);
  } else {
    if (atMs > user.lastSeenMs) user.lastSeenMs = atMs;
    if (atMs < user.firstSeenMs) user.firstSeenMs = atMs;
  }
  return user;
}

/** The tokens a change about this user (and, if given, this agent) can affect. */
export function tokensOfUser(
  store: IdentityStore,
  userId: string,
  agentId?: string,
): TokenRecord[] {
  const ids = store.tokensByUser.get(userId);
  if (!ids) return [];
  const found: TokenRecord[] = [];
  for (const id of ids) {
    const token = store.tokens.get(id);
    if (token && (agentId === undefined || token.agentId === agentId)) found.push(token);
  }
  return found;
}

export function tokensOfSession(store: IdentityStore, sessionId: string): TokenRecord[] {
  const ids = store.tokensBySession.get(sessionId);
  if (!ids) return [];
  const found: TokenRecord[] = [];
  for (const id of ids) {
    const token = store.tokens.get(id);
    if (token) found.push(token);
  }
  return found;
}

/** Minimum of an optional time and a new one: the earliest report of a one-way fact wins, whatever the arrival order. */
export function earliest(current: number | undefined, candidate: number): number {
  return current === undefined || candidate < current ? candidate : current;
}
