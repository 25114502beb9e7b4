import { oauthClientId, targetsOfType } from './okta-fields';
import type { OktaLogEvent } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';
import { tokenUserId } from './map-token-grant';

/** app.oauth2[.as].token.revoke → token.revoked (the revoked token is the access or refresh token target). */
export function mapTokenRevoke(event: OktaLogEvent): OktaMapping {
  const token = targetsOfType(event, 'access_token', 'refresh_token')[0];
  if (!token) return unmappable(event, 'token revocation has no access_token or refresh_token target');
  const agentId = oauthClientId(event);
  return normalized(event, { type: 'token.revoked', tokenId: token.id, agentId, userId: tokenUserId(event, token, agentId) });
}
