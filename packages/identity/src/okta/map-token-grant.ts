import { debugText, detailText, externalSessionId, oauthClientId, splitScopes, targetsOfType } from './okta-fields';
import type { OktaLogEvent, OktaLogTarget } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';

/** The issued token's target: the one whose type is the event's suffix (access_token, refresh_token, id_token, ...). */
function issuedTokenTarget(event: OktaLogEvent): OktaLogTarget | undefined {
  const kind = event.eventType.slice(event.eventType.lastIndexOf('.') + 1);
  return targetsOfType(event, kind)[0] ?? (event.target ?? []).find((t) => t.type.toLowerCase().endsWith('token'));
}

/** The user behind a token: the User target, else the token's subject unless that is the client itself (client credentials). */
export function tokenUserId(event: OktaLogEvent, token: OktaLogTarget, agentId: string | undefined): string | undefined {
  const user = targetsOfType(event, 'User')[0]?.id;
  if (user !== undefined) return user;
  const subject = detailText(token.detailEntry, 'subject') ?? debugText(event, 'subject');
  return subject === agentId ? undefined : subject;
}

/** app.oauth2[.as].token.grant.* → token.issued. */
export function mapTokenGrant(event: OktaLogEvent): OktaMapping {
  const token = issuedTokenTarget(event);
  if (!token) return unmappable(event, 'token grant has no token target');
  const agentId = oauthClientId(event);
  return normalized(event, {
    type: 'token.issued',
    tokenId: token.id,
    agentId,
    userId: tokenUserId(event, token, agentId),
    sessionId: externalSessionId(event),
    scopes: splitScopes(detailText(token.detailEntry, 'scopes') ?? debugText(event, 'grantedScopes')),
    expiresAt: detailText(token.detailEntry, 'expires'),
  });
}
