/*
 * The facts the identity state holds, as plain data: times are epoch milliseconds of event time.
 */

/** One audit event that presented a token, kept so a late revocation can re-judge it. */
export interface RecordedUse {
  eventId: string;
  agentId: string;
  time: string;
  atMs: number;
  onBehalfOf?: string | undefined;
}

/** A token by its jti. `issuedAtMs` is absent while only a revocation or uses have been seen. */
export interface TokenRecord {
  tokenId: string;
  issuedAtMs?: number | undefined;
  issueEventId?: string | undefined;
  agentId?: string | undefined;
  userId?: string | undefined;
  sessionId?: string | undefined;
  scopes?: string[] | undefined;
  actorChain?: string[] | undefined;
  expiresAtMs?: number | undefined;
  revokedAtMs?: number | undefined;
  /** Newest event time that mentioned the token; drives pruning of tokens without an end. */
  lastSeenMs: number;
  uses: RecordedUse[];
}

export interface SessionRecord {
  endedAtMs: number;
  lastSeenMs: number;
}

export interface UserRecord {
  /** Earliest event time any identity event mentioned the user: before it the user is 'unknown'. */
  firstSeenMs: number;
  disabledAtMs?: number | undefined;
  /** Times every session of the user was ended at once (Okta `user.session.clear`). */
  sessionsEndedAtMs: number[];
  /** Times the user revoked consent for every agent at once (a delegation.revoked without agentId). */
  delegationsRevokedAtMs: number[];
  lastSeenMs: number;
}

export interface DelegationGrant {
  atMs: number;
  eventId: string;
  scopes?: string[] | undefined;
  actorChain?: string[] | undefined;
  expiresAtMs?: number | undefined;
}

/** A user's consent to one agent. */
export interface DelegationRecord {
  userId: string;
  agentId: string;
  grants: DelegationGrant[];
  revokedAtMs: number[];
  lastSeenMs: number;
}

/** A use judged by the user the gateway named (no token subject known), kept so a late event about that user can re-judge it. */
export interface ClaimedUse {
  tokenId?: string | undefined;
  use: RecordedUse;
}
