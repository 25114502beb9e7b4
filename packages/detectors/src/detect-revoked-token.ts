import type { AnomalyDraft } from './anomaly';
import { firstReportInWindow, type EventContext } from './event-context';

/**
 * revoked_token: the authority behind a call is gone (token revoked or
 * expired, session ended, user disabled) yet the call happened. Reported once
 * per token per agent per window, not once per event.
 */
export function detectRevokedToken(ctx: EventContext): AnomalyDraft | undefined {
  const { event, enrichment } = ctx;
  if (enrichment === undefined) return undefined;
  const { tokenStatus, userStatus } = enrichment;
  const tokenGone = tokenStatus === 'revoked' || tokenStatus === 'expired';
  if (!tokenGone && userStatus !== 'disabled') return undefined;
  const reason = enrichment.tokenStatusReason ?? (tokenGone ? tokenStatus : 'user disabled');
  const token = event.tokenId ?? enrichment.tokenSubject ?? '';
  if (!firstReportInWindow(ctx.agent, ctx.windowStart, `revoked_token\u0000${token}`))
    return undefined;
  const tokenText = event.tokenId === undefined ? 'a token' : `token ${event.tokenId}`;
  return {
    kind: 'revoked_token',
    agentId: ctx.agent.id,
    anchor: ctx.windowStart,
    key: token,
    eventTimeMs: ctx.time,
    log10P: Math.log10(ctx.config.revokedTokenProbability),
    observed: `${tokenText} used (${reason})`,
    expected: 'only active tokens of active users',
    explanation: `agent ${event.agentId} used ${tokenText} on ${event.serverId} after its authority ended (${reason}); block the token at the gateway and find where the agent still holds it`,
    evidenceEventIds: [event.eventId],
  };
}
