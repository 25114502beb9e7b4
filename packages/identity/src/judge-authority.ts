import type { Enrichment, TokenStatus, UserStatus } from '@vigil/contracts';
import type { DelegationRecord, TokenRecord, UserRecord } from './identity-records';
import { delegationKey, type IdentityStore } from './identity-store';
import { TokenStatusReason } from './token-status-reason';

interface Verdict {
  status: TokenStatus;
  reason: TokenStatusReason | undefined;
}

// Shared verdicts: judging is the hot path, so it allocates none of its own.
const UNKNOWN: Verdict = { status: 'unknown', reason: undefined };
const ACTIVE: Verdict = { status: 'active', reason: undefined };
const NOT_YET_ISSUED: Verdict = { status: 'unknown', reason: TokenStatusReason.notYetIssued };
const REVOKED: Verdict = { status: 'revoked', reason: TokenStatusReason.revoked };
const DELEGATION_REVOKED: Verdict = {
  status: 'revoked',
  reason: TokenStatusReason.delegationRevoked,
};
const USER_DISABLED: Verdict = { status: 'revoked', reason: TokenStatusReason.userDisabled };
const SESSION_ENDED: Verdict = { status: 'revoked', reason: TokenStatusReason.sessionEnded };
const EXPIRED: Verdict = { status: 'expired', reason: TokenStatusReason.expired };

/** What a token's verdict depends on besides the token itself, looked up once per use. */
interface TokenContext {
  user: UserRecord | undefined;
  delegation: DelegationRecord | undefined;
}

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
  if (!token)
    return { tokenStatus: 'unknown', userStatus: claimedUserStatusAt(store, onBehalfOf, atMs) };
  const context: TokenContext = {
    user: token.userId === undefined ? undefined : store.users.get(token.userId),
    delegation:
      token.userId === undefined || token.agentId === undefined || store.delegations.size === 0
        ? undefined
        : store.delegations.get(delegationKey(token.userId, token.agentId)),
  };
  const verdict = tokenVerdict(store, token, context, atMs);
  const enrichment: Enrichment = {
    tokenStatus: verdict.status,
    // The token's subject is whose authority was used; onBehalfOf is only the gateway's belief.
    userStatus:
      token.userId !== undefined
        ? subjectStatusAt(context.user, atMs)
        : claimedUserStatusAt(store, onBehalfOf, atMs),
  };
  if (verdict.reason !== undefined) enrichment.tokenStatusReason = verdict.reason;
  if (token.userId !== undefined) enrichment.tokenSubject = token.userId;
  if (token.agentId !== undefined) enrichment.tokenAgentId = token.agentId;
  if (token.scopes !== undefined) enrichment.scopes = token.scopes;
  const actorChain = token.actorChain ?? delegatedActorChain(context.delegation, atMs);
  if (actorChain !== undefined) enrichment.actorChain = actorChain;
  return enrichment;
}

/** A token's subject exists by the token's own word: active unless disabled by then. */
function subjectStatusAt(user: UserRecord | undefined, atMs: number): UserStatus {
  return user?.disabledAtMs !== undefined && user.disabledAtMs <= atMs ? 'disabled' : 'active';
}

/** A user only the gateway named is known from the first identity event about them, judged in event time. */
function claimedUserStatusAt(
  store: IdentityStore,
  userId: string | undefined,
  atMs: number,
): UserStatus {
  const user = userId === undefined ? undefined : store.users.get(userId);
  if (!user || user.firstSeenMs > atMs) return 'unknown';
  return subjectStatusAt(user, atMs);
}

/** Whether a use's user status comes from its onBehalfOf rather than from a token subject. */
export function judgedByClaimedUser(token: TokenRecord | undefined): boolean {
  return token === undefined || token.userId === undefined;
}

/** Causes are checked in tie-break order: when two happened at the same millisecond, the first checked is reported. */
function tokenVerdict(
  store: IdentityStore,
  token: TokenRecord,
  context: TokenContext,
  atMs: number,
): Verdict {
  const issuedAtMs = token.issuedAtMs;
  if (issuedAtMs === undefined) {
    // Issue not seen, but the IdP did say this jti was revoked: that is the more useful answer.
    return token.revokedAtMs !== undefined && token.revokedAtMs <= atMs ? REVOKED : UNKNOWN;
  }
  if (atMs < issuedAtMs - store.config.issueClockSkewMs) return NOT_YET_ISSUED;

  let causeAtMs = Number.POSITIVE_INFINITY;
  let verdict = ACTIVE;
  if (token.revokedAtMs !== undefined && token.revokedAtMs <= atMs) {
    causeAtMs = token.revokedAtMs;
    verdict = REVOKED;
  }
  const delegationAt = earlier(
    context.delegation && firstWithin(context.delegation.revokedAtMs, issuedAtMs, atMs),
    context.user && firstWithin(context.user.delegationsRevokedAtMs, issuedAtMs, atMs),
  );
  if (delegationAt !== undefined && delegationAt < causeAtMs) {
    causeAtMs = delegationAt;
    verdict = DELEGATION_REVOKED;
  }
  const disabledAt = context.user?.disabledAtMs;
  if (disabledAt !== undefined && disabledAt <= atMs && disabledAt < causeAtMs) {
    causeAtMs = disabledAt;
    verdict = USER_DISABLED;
  }
  const sessionAt = sessionEndedAt(store, token, context.user, issuedAtMs, atMs);
  if (sessionAt !== undefined && sessionAt < causeAtMs) {
    causeAtMs = sessionAt;
    verdict = SESSION_ENDED;
  }
  if (token.expiresAtMs !== undefined && token.expiresAtMs <= atMs && token.expiresAtMs < causeAtMs)
    verdict = EXPIRED;
  return verdict;
}

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a <= b ? a : b;
}

/**
 * Earliest time in [from, to], or undefined. Used for consent revocations and session clears: one
 * after the token was issued ends it, one before belongs to an earlier grant or session.
 */
function firstWithin(times: readonly number[], from: number, to: number): number | undefined {
  let found: number | undefined;
  for (const t of times) if (t >= from && t <= to && (found === undefined || t < found)) found = t;
  return found;
}

function sessionEndedAt(
  store: IdentityStore,
  token: TokenRecord,
  user: UserRecord | undefined,
  issuedAtMs: number,
  atMs: number,
): number | undefined {
  if (token.sessionId === undefined) return undefined;
  const session = store.sessions.get(token.sessionId);
  const own = session !== undefined && session.endedAtMs <= atMs ? session.endedAtMs : undefined;
  return earlier(own, user && firstWithin(user.sessionsEndedAtMs, issuedAtMs, atMs));
}

/** Without an `act` claim on the token, the chain comes from the newest delegation grant at or before the use. */
function delegatedActorChain(
  delegation: DelegationRecord | undefined,
  atMs: number,
): string[] | undefined {
  if (!delegation) return undefined;
  let chosen: DelegationRecord['grants'][number] | undefined;
  // Grants are kept sorted by (time, eventId), so the last one at or before the use is the newest.
  for (const grant of delegation.grants) {
    if (grant.atMs > atMs) break;
    if (grant.actorChain !== undefined) chosen = grant;
  }
  return chosen?.actorChain;
}
