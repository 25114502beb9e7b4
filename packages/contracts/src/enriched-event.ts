import { z } from 'zod';

export const TokenStatus = z.enum(['active', 'expired', 'revoked', 'unknown']);
export type TokenStatus = z.infer<typeof TokenStatus>;

export const UserStatus = z.enum(['active', 'disabled', 'unknown']);
export type UserStatus = z.infer<typeof UserStatus>;

/**
 * What the enricher learned about the authority behind one audit event, at the
 * event's time. Internal to Vigil (collector → enricher → detector).
 */
export const Enrichment = z.object({
  tokenStatus: TokenStatus,
  /** Why the token is not active: revoked, expired, session ended, user disabled. */
  tokenStatusReason: z.string().optional(),
  tokenSubject: z.string().optional(),
  tokenAgentId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  actorChain: z.array(z.string()).optional(),
  userStatus: UserStatus,
});
export type Enrichment = z.infer<typeof Enrichment>;
