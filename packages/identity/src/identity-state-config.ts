import { z } from 'zod';
import { describeZodIssues } from '@vigil/contracts';
import { IdentityError } from './identity-error';

const HOUR_MS = 3_600_000;

/** Bounds and horizons of the identity state. Every field has a documented default. */
export const IdentityStateConfig = z.object({
  /** Most tokens held; past it the oldest-inserted token is evicted, so memory stays bounded under a flood of ids. */
  maxTokens: z.number().int().positive().default(1_000_000),
  /** Most tokens held that were presented or revoked but whose issue is not seen yet; oldest-inserted evicted first. */
  maxUnknownTokens: z.number().int().positive().default(100_000),
  /** Most users held (disabled times, session clears); oldest-inserted evicted first. */
  maxUsers: z.number().int().positive().default(1_000_000),
  /** Most ended sessions held; oldest-inserted evicted first. */
  maxSessions: z.number().int().positive().default(1_000_000),
  /** Most (user, agent) delegations held; oldest-inserted evicted first. */
  maxDelegations: z.number().int().positive().default(1_000_000),
  /**
   * How long state is kept after it stops mattering: a token expired or revoked longer ago than
   * this (behind the watermark) is dropped, and a later use of it is judged 'unknown'. Four hours
   * covers Okta's default one-hour access tokens with room for replays of stale ones.
   */
  retentionMs: z
    .number()
    .int()
    .nonnegative()
    .default(4 * HOUR_MS),
  /** Uses remembered per token, so a revocation that arrives after them can re-judge them. */
  recentUsesPerToken: z.number().int().nonnegative().default(8),
  /** Uses remembered per user for uses judged only by the gateway's onBehalfOf (no token subject known). */
  recentUsesPerUser: z.number().int().nonnegative().default(8),
  /** Grants and revocations remembered per delegation (newest kept). */
  historyPerDelegation: z.number().int().positive().default(16),
  /** A use this much earlier than the token's issue time is still clock skew, not a use before issue. */
  issueClockSkewMs: z.number().int().nonnegative().default(60_000),
});
export type IdentityStateConfig = z.output<typeof IdentityStateConfig>;
export type IdentityStateConfigInput = z.input<typeof IdentityStateConfig>;

export function parseIdentityStateConfig(input: unknown = {}): IdentityStateConfig {
  const result = IdentityStateConfig.safeParse(input);
  if (!result.success) {
    throw new IdentityError(
      'VIGIL_IDENTITY_INVALID_CONFIG',
      `invalid identity state config: ${describeZodIssues(result.error)}`,
    );
  }
  return result.data;
}
