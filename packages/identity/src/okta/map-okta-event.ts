import { mapConsentGrant, mapConsentRevoke } from './map-consent';
import { mapSessionClear, mapSessionEnd } from './map-session-end';
import { mapTokenGrant } from './map-token-grant';
import { mapTokenRevoke } from './map-token-revoke';
import { mapUserDisabled } from './map-user-lifecycle';
import type { OktaLogEvent } from './okta-log-event';
import type { OktaMapper, OktaMapping } from './okta-mapping';

/** Okta event types Vigil uses, one mapper per family. `.as.` is a custom authorization server, without it the org server. */
const BY_TYPE: ReadonlyMap<string, OktaMapper> = new Map([
  ['app.oauth2.as.token.revoke', mapTokenRevoke],
  ['app.oauth2.token.revoke', mapTokenRevoke],
  ['app.oauth2.as.consent.grant', mapConsentGrant],
  ['app.oauth2.consent.grant', mapConsentGrant],
  ['app.oauth2.as.consent.revoke', mapConsentRevoke],
  ['app.oauth2.consent.revoke', mapConsentRevoke],
  ['user.session.end', mapSessionEnd],
  ['user.session.clear', mapSessionClear],
  ['user.lifecycle.deactivate', mapUserDisabled],
  ['user.lifecycle.suspend', mapUserDisabled],
]);

/** Token grants are a family (access_token, refresh_token, id_token, id_jag, ...), matched by prefix. */
const GRANT_PREFIXES = ['app.oauth2.as.token.grant.', 'app.oauth2.token.grant.'];

export function oktaMapperFor(eventType: string): OktaMapper | undefined {
  const exact = BY_TYPE.get(eventType);
  if (exact) return exact;
  return GRANT_PREFIXES.some((prefix) => eventType.startsWith(prefix)) ? mapTokenGrant : undefined;
}

/** One validated Okta LogEvent → its normalized identity event, or why it is skipped or unusable. */
export function mapOktaEvent(event: OktaLogEvent): OktaMapping {
  const mapper = oktaMapperFor(event.eventType);
  if (!mapper)
    return { kind: 'skipped', eventType: event.eventType, reason: 'event type not used by Vigil' };
  const result = event.outcome?.result;
  // A failed grant or revocation changed nothing at the IdP.
  if (result !== 'SUCCESS')
    return {
      kind: 'skipped',
      eventType: event.eventType,
      reason: `outcome ${result ?? 'missing'}, not SUCCESS`,
    };
  return mapper(event);
}
