import { targetsOfType } from './okta-fields';
import type { OktaLogEvent } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';
import { tokenParties } from './map-token-grant';

/** app.oauth2[.as].token.revoke → token.revoked (the revoked token is the access or refresh token target). */
export function mapTokenRevoke(event: OktaLogEvent): OktaMapping {
  const token = targetsOfType(event, 'access_token', 'refresh_token')[0];
  if (!token)
    return unmappable(event, 'token revocation has no access_token or refresh_token target');
  return normalized(event, { type: 'token.revoked', ...tokenParties(event, token) });
}
