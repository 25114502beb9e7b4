import { z } from 'zod';

/*
 * The facts the identity state holds, as plain data: times are epoch milliseconds of event time.
 * The same schemas validate a snapshot on restore, so the stored shape has one definition.
 */

/** One audit event that presented a token, kept so a late revocation can re-judge it. */
export const RecordedUse = z.object({
  eventId: z.string(),
  agentId: z.string(),
  time: z.string(),
  atMs: z.number(),
  onBehalfOf: z.string().optional(),
});
export type RecordedUse = z.infer<typeof RecordedUse>;

/** A token by its jti. `issuedAtMs` is absent while only a revocation or uses have been seen. */
export const TokenRecord = z.object({
  tokenId: z.string(),
  issuedAtMs: z.number().optional(),
  issueEventId: z.string().optional(),
  agentId: z.string().optional(),
  userId: z.string().optional(),
  sessionId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  actorChain: z.array(z.string()).optional(),
  expiresAtMs: z.number().optional(),
  revokedAtMs: z.number().optional(),
  /** Newest event time that mentioned the token; drives pruning of tokens without an end. */
  lastSeenMs: z.number(),
  uses: z.array(RecordedUse),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

export const SessionRecord = z.object({ endedAtMs: z.number(), lastSeenMs: z.number() });
export type SessionRecord = z.infer<typeof SessionRecord>;

export const UserRecord = z.object({
  /** Earliest event time any identity event mentioned the user: before it the user is 'unknown'. */
  firstSeenMs: z.number(),
  disabledAtMs: z.number().optional(),
  /** Times every session of the user was ended at once (Okta `user.session.clear`). */
  sessionsEndedAtMs: z.array(z.number()),
  /** Times the user revoked consent for every agent at once (a delegation.revoked without agentId). */
  delegationsRevokedAtMs: z.array(z.number()),
  lastSeenMs: z.number(),
});
export type UserRecord = z.infer<typeof UserRecord>;

export const DelegationGrant = z.object({
  atMs: z.number(),
  eventId: z.string(),
  scopes: z.array(z.string()).optional(),
  actorChain: z.array(z.string()).optional(),
  expiresAtMs: z.number().optional(),
});
export type DelegationGrant = z.infer<typeof DelegationGrant>;

/** A user's consent to one agent. */
export const DelegationRecord = z.object({
  userId: z.string(),
  agentId: z.string(),
  grants: z.array(DelegationGrant),
  revokedAtMs: z.array(z.number()),
  lastSeenMs: z.number(),
});
export type DelegationRecord = z.infer<typeof DelegationRecord>;

/** A use judged by the user the gateway named (no token subject known), kept so a late event about that user can re-judge it. */
export const ClaimedUse = z.object({ tokenId: z.string().optional(), use: RecordedUse });
export type ClaimedUse = z.infer<typeof ClaimedUse>;

export const IdentitySnapshot = z.object({
  version: z.literal(1),
  tokens: z.array(TokenRecord),
  sessions: z.array(z.tuple([z.string(), SessionRecord])),
  users: z.array(z.tuple([z.string(), UserRecord])),
  delegations: z.array(DelegationRecord),
  claimedUses: z.array(z.tuple([z.string(), z.array(ClaimedUse)])),
});
export type IdentitySnapshot = z.infer<typeof IdentitySnapshot>;
