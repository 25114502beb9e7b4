import type { AnomalyDraft } from './anomaly';
import { firstReportInWindow, type EventContext } from './event-context';

/**
 * token_misuse: a token presented by an agent it was not issued to, or on
 * behalf of a user other than its subject (a confused deputy). Reported once
 * per agent, token (or subject and user) and window.
 */
export function detectTokenMisuse(ctx: EventContext): AnomalyDraft | undefined {
  const { event, enrichment } = ctx;
  if (enrichment === undefined) return undefined;
  const { tokenAgentId, tokenSubject } = enrichment;
  const token = event.tokenId;
  if (token !== undefined && tokenAgentId !== undefined && tokenAgentId !== event.agentId) {
    return report(ctx, `foreign\u0000${token}`, {
      observed: `token ${token} presented by ${event.agentId}`,
      expected: `token used only by ${tokenAgentId}`,
      explanation: `agent ${event.agentId} presented token ${token}, which was issued to agent ${tokenAgentId}; revoke the token and check how ${event.agentId} obtained it`,
    });
  }
  const user = event.onBehalfOf;
  if (user !== undefined && tokenSubject !== undefined && user !== tokenSubject) {
    // One cause per subject and user, not per token: access tokens are refreshed every few minutes.
    return report(ctx, `deputy\u0000${tokenSubject}\u0000${user}`, {
      observed: `acting for ${user}`,
      expected: `acting for ${tokenSubject}, the token's subject`,
      explanation: `agent ${event.agentId} acted on behalf of user ${user} with a token${token === undefined ? '' : ` (${token})`} whose subject is ${tokenSubject}; check for a confused deputy before it acts again`,
    });
  }
  return undefined;
}

function report(
  ctx: EventContext,
  key: string,
  text: Pick<AnomalyDraft, 'observed' | 'expected' | 'explanation'>,
): AnomalyDraft | undefined {
  if (!firstReportInWindow(ctx.agent, ctx.windowStart, `token_misuse\u0000${key}`))
    return undefined;
  return {
    kind: 'token_misuse',
    agentId: ctx.agent.id,
    anchor: ctx.windowStart,
    key,
    eventTimeMs: ctx.time,
    log10P: Math.log10(ctx.config.tokenMisuseProbability),
    evidenceEventIds: [ctx.event.eventId],
    ...text,
  };
}
