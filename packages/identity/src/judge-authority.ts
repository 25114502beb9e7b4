import type { Enrichment, TokenStatus, UserStatus } from '@vigil/contracts';
import type { DelegationRecord, TokenRecord } from './identity-records';
import { ANY_AGENT, delegationKey, type IdentityStore } from './identity-store';
import { TokenStatusReason } from './token-status-reason';

interface Verdict {
  status: TokenStatus;
  reason: TokenStatusReason | undefined;
}

const UNKNOWN: Verdict = { status: 'unknown', reason: undefined };
const ACTIVE: Verdict = { status: 'active', reason: undefined };

/**
 * The authority behind one use at event time `atMs`. A pure function of stored times, so the
 * answer does not depend on the order in which the facts arrived.
 */
export function judgeUse(
  store: IdentityStore,
  token: TokenRecord | undefined,
  atMs: number,
  onBehalfOf: string | undefined,
): Enrichment {
  if (!token) return { tokenStatus: 'unknown', userStatus: claimedUserStatusAt(store, onBehalfOf, atMs) };
  const verdict = tokenVerdict(store, token, atMs);
  const enrichment: Enrichment = {
    tokenStatus: verdict.status,
    // The token's subject is whose authority was used; onBehalfOf is only the gateway's belief.
    userStatus: token.userId !== undefined ? subjectStatusAt(store, token.userId, atMs) : claimedUserStatusAt(store, onBehalfOf, atMs),
  };
  if (verdict.reason !== undefined) enrichment.tokenStatusReason = verdict.reason;
  if (token.userId !== undefined) enrichment.tokenSubject = token.userId;
  if (token.agentId !== undefined) enrichment.tokenAgentId = token.agentId;
  if (token.scopes !== undefined) enrichment.scopes = token.scopes;
  const actorChain = token.actorChain ?? delegatedActorChain(store, token, atMs);
  if (actorChain !== undefined) enrichment.actorChain = actorChain;
  return enrichment;
}

/** A token's subject exists by the token's own word: active unless disabled by then. */
function subjectStatusAt(store: IdentityStore, userId: string, atMs: number): UserStatus {
  const disabledAtMs = store.users.get(userId)?.disabledAtMs;
  return disabledAtMs !== undefined && disabledAtMs <= atMs ? 'disabled' : 'active';
}

/** A user only the gateway named is known from the first identity event about them, judged in event time. */
function claimedUserStatusAt(store: IdentityStore, userId: string | undefined, atMs: number): UserStatus {
  const user = userId === undefined ? undefined : store.users.get(userId);
  if (!user || user.firstSeenMs > atMs) return 'unknown';
  return user.disabledAtMs !== undefined && user.disabledAtMs <= atMs ? 'disabled' : 'active';
}

/** Whether a use's user status comes from its onBehalfOf rather than from a token subject. */
export function judgedByClaimedUser(token: TokenRecord | undefined): boolean {
  return token === undefined || token.userId === undefined;
}

/** Candidate causes in tie-break order: when two happened at the same millisecond, the first listed is reported. */
function tokenVerdict(store: IdentityStore, token: TokenRecord, atMs: number): Verdict {
  const issuedAtMs = token.issuedAtMs;
  if (issuedAtMs === undefined) {
    // Issue not seen, but the IdP did say this jti was revoked: that is the more useful answer.
    return token.revokedAtMs !== undefined && token.revokedAtMs <= atMs
      ? { status: 'revoked', reason: TokenStatusReason.revoked }
      : UNKNOWN;
  }
  if (atMs < issuedAtMs - store.config.issueClockSkewMs) return { status: 'unknown', reason: TokenStatusReason.notYetIssued };

  let causeAtMs = Number.POSITIVE_INFINITY;
  let verdict = ACTIVE;
  const consider = (at: number | undefined, status: TokenStatus, reason: TokenStatusReason): void => {
    if (at !== undefined && at <= atMs && at < causeAtMs) {
      causeAtMs = at;
      verdict = { status, reason };
    }
  };
  consider(token.revokedAtMs, 'revoked', TokenStatusReason.revoked);
  consider(delegationRevokedAt(store, token, issuedAtMs, atMs), 'revoked', TokenStatusReason.delegationRevoked);
  const user = token.userId === undefined ? undefined : store.users.get(token.userId);
  consider(user?.disabledAtMs, 'revoked', TokenStatusReason.userDisabled);
  consider(sessionEndedAt(store, token, issuedAtMs, atMs), 'revoked', TokenStatusReason.sessionEnded);
  consider(token.expiresAtMs, 'expired', TokenStatusReason.expired);
  return verdict;
}

/** Earliest time in [from, to] from a list, or undefined. */
function firstWithin(times: readonly number[], from: number, to: number): number | undefined {
  let found: number | undefined;
  for (const t of times) if (t >= from && t <= to && (found === undefined || t < found)) found = t;
  return found;
}

function delegationsFor(store: IdentityStore, userId: string, agentId: string | undefined): DelegationRecord[] {
  const found: DelegationRecord[] = [];
  const everyAgent = store.delegations.get(delegationKey(userId, ANY_AGENT));
  if (everyAgent) found.push(everyAgent);
  if (agentId !== undefined) {
    const own = store.delegations.get(delegationKey(userId, agentId));
    if (own) found.push(own);
  }
  return found;
}

/** A consent revoked after the token was issued ends it; one revoked before belongs to an earlier grant. */
function delegationRevokedAt(store: IdentityStore, token: TokenRecord, issuedAtMs: number, atMs: number): number | undefined {
  if (token.userId === undefined) return undefined;
  let found: number | undefined;
  for (const delegation of delegationsFor(store, token.userId, token.agentId)) {
    const at = firstWithin(delegation.revokedAtMs, issuedAtMs, atMs);
    if (at !== undefined && (found === undefined || at < found)) found = at;
  }
  return found;
}

function sessionEndedAt(store: IdentityStore, token: TokenRecord, issuedAtMs: number, atMs: number): number | undefined {
  if (token.sessionId === undefined) return undefined;
  const session = store.sessions.get(token.sessionId);
  const own = session !== undefined && session.endedAtMs <= atMs ? session.endedAtMs : undefined;
  const user = token.userId === undefined ? undefined : store.users.get(token.userId);
  const cleared = user ? firstWithin(user.sessionsEndedAtMs, issuedAtMs, atMs) : undefined;
  if (own === undefined) return cleared;
  return cleared === undefined || own <= cleared ? own : cleared;
}

/** Without an `act` claim on the token, the chain comes from the newest delegation grant at or before the use. */
function delegatedActorChain(store: IdentityStore, token: TokenRecord, atMs: number): string[] | undefined {
  if (token.userId === undefined || token.agentId === undefined) return undefined;
  const delegation = store.delegations.get(delegationKey(token.userId, token.agentId));
  if (!delegation) return undefined;
  let chosen: { atMs: number; eventId: string; actorChain: string[] } | undefined;
  for (const grant of delegation.grants) {
    if (grant.actorChain === undefined || grant.atMs > atMs) continue;
    const newer = !chosen || grant.atMs > chosen.atMs || (grant.atMs === chosen.atMs && grant.eventId > chosen.eventId);
    if (newer) chosen = { atMs: grant.atMs, eventId: grant.eventId, actorChain: grant.actorChain };
  }
  return chosen?.actorChain;
}
