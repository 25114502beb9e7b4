import {
  debugText,
  detailText,
  externalSessionId,
  oauthClientId,
  splitScopes,
  targetsOfType,
} from './okta-fields';
import type { OktaLogEvent, OktaLogTarget } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';

/** The issued token's target: the one whose type is the event's suffix (access_token, refresh_token, id_token, ...). */
function issuedTokenTarget(event: OktaLogEvent): OktaLogTarget | undefined {
  const kind = event.eventType.slice(event.eventType.lastIndexOf('.') + 1);
  return (
    targetsOfType(event, kind)[0] ??
    (event.target ?? []).find((t) => t.type.toLowerCase().endsWith('token'))
  );
}

/** Who a token belongs to: its jti, the OAuth client (agent) and the user, unless the subject is the client itself (client credentials). */
export function tokenParties(
  event: OktaLogEvent,
  token: OktaLogTarget,
): { tokenId: string; agentId?: string; userId?: string } {
  const agentId = oauthClientId(event);
  const subject =
    targetsOfType(event, 'User')[0]?.id ??
    detailText(token.detailEntry, 'subject') ??
    debugText(event, 'subject');
  return { tokenId: token.id, agentId, userId: subject === agentId ? undefined : subject };
}

/** app.oauth2[.as].token.grant.* → token.issued. */
export function mapTokenGrant(event: OktaLogEvent): OktaMapping {
  const token = issuedTokenTarget(event);
  if (!token) return unmappable(event, 'token grant has no token target');
  return normalized(event, {
    type: 'token.issued',
    ...tokenParties(event, token),
    sessionId: externalSessionId(event),
    scopes: splitScopes(
      detailText(token.detailEntry, 'scopes') ?? debugText(event, 'grantedScopes'),
    ),
    expiresAt: detailText(token.detailEntry, 'expires'),
  });
}
