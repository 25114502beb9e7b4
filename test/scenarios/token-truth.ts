import { toEpochMs, type AuditEvent, type IdentityEvent } from '@vigil/contracts';

export type TokenTruth =
  | 'ok'
  | 'no-token'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'session-ended'
  | 'user-disabled'
  | 'wrong-agent'
  | 'wrong-user';

interface TokenRecord {
  agentId?: string;
  userId?: string;
  sessionId?: string;
  expiresMs: number;
  revokedMs: number;
}

/**
 * The ground truth about each audit event's token, judged in event time with full knowledge of the
 * identity stream: what a perfect identity model would say. Tests use it to prove labels are honest.
 */
export function judgeTokens(
  audit: readonly AuditEvent[],
  identity: readonly IdentityEvent[],
): Map<string, TokenTruth> {
  const tokens = new Map<string, TokenRecord>();
  const sessionEnded = new Map<string, number>();
  const userDisabled = new Map<string, number>();
  for (const event of identity) {
    const timeMs = toEpochMs(event.time);
    if (event.type === 'token.issued' && event.tokenId) {
      tokens.set(event.tokenId, {
        agentId: event.agentId,
        userId: event.userId,
        sessionId: event.sessionId,
        expiresMs: event.expiresAt ? toEpochMs(event.expiresAt) : Infinity,
        revokedMs: Infinity,
      });
    }
    if (event.type === 'token.revoked' && event.tokenId) {
      const token = tokens.get(event.tokenId);
      if (token) token.revokedMs = Math.min(token.revokedMs, timeMs);
    }
    if (event.type === 'session.ended' && event.sessionId)
      sessionEnded.set(event.sessionId, timeMs);
    if (event.type === 'user.disabled' && event.userId) userDisabled.set(event.userId, timeMs);
  }

  const truth = new Map<string, TokenTruth>();
  for (const event of audit) truth.set(event.eventId, judge(event));
  return truth;

  function judge(event: AuditEvent): TokenTruth {
    if (!event.tokenId) return 'no-token';
    const token = tokens.get(event.tokenId);
    if (!token) return 'unknown';
    const timeMs = toEpochMs(event.time);
    if (token.revokedMs <= timeMs) return 'revoked';
    if (token.expiresMs <= timeMs) return 'expired';
    if ((sessionEnded.get(token.sessionId ?? '') ?? Infinity) <= timeMs) return 'session-ended';
    if ((userDisabled.get(token.userId ?? '') ?? Infinity) <= timeMs) return 'user-disabled';
    if (token.agentId !== event.agentId) return 'wrong-agent';
    if (token.userId !== event.onBehalfOf) return 'wrong-user';
    return 'ok';
  }
}
