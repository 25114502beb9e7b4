import { z } from 'zod';
import { rfc3339 } from './time';

export const IdentityEventType = z.enum([
  'token.issued',
  'token.revoked',
  'session.ended',
  'delegation.granted',
  'delegation.revoked',
  'user.disabled',
]);
export type IdentityEventType = z.infer<typeof IdentityEventType>;

const TOKEN_EVENTS: ReadonlySet<IdentityEventType> = new Set(['token.issued', 'token.revoked']);

/** Identity-provider event in Vigil's normalized form (topic `identity.events.v1`). */
export const IdentityEvent = z
  .looseObject({
    eventId: z.string().min(1).max(256),
    time: rfc3339,
    type: IdentityEventType,
    tokenId: z.string().min(1).optional(),
    agentId: z.string().min(1).optional(),
    userId: z.string().min(1).optional(),
    sessionId: z.string().min(1).optional(),
    actorChain: z.array(z.string().min(1)).optional(),
    scopes: z.array(z.string()).optional(),
    expiresAt: rfc3339.optional(),
    idp: z.string().optional(),
  })
  .refine((e) => !TOKEN_EVENTS.has(e.type) || e.tokenId !== undefined, {
    message: 'tokenId is required for token events',
    path: ['tokenId'],
  });
export type IdentityEvent = z.infer<typeof IdentityEvent>;
