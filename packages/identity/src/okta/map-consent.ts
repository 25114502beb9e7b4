import {
  debugText,
  detailText,
  oauthClientId,
  splitScopes,
  subjectUserId,
  targetsOfType,
} from './okta-fields';
import type { OktaLogEvent } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';

const CLIENT_TARGET_TYPES = ['PublicClientApp', 'AppInstance', 'Application'];

/** Okta puts the consenting user and the client in the consent target's detailEntry ({ user, publicclientapp }). */
function fromDetail(event: OktaLogEvent, key: string): string | undefined {
  for (const target of event.target ?? []) {
    const value = detailText(target.detailEntry, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

function consentParties(event: OktaLogEvent): {
  userId: string | undefined;
  agentId: string | undefined;
} {
  const userId = fromDetail(event, 'user') ?? subjectUserId(event);
  const agentId =
    fromDetail(event, 'publicclientapp') ??
    targetsOfType(event, ...CLIENT_TARGET_TYPES)[0]?.id ??
    oauthClientId(event);
  return { userId, agentId: agentId === userId ? undefined : agentId };
}

function consentScopes(event: OktaLogEvent): string[] | undefined {
  const named = targetsOfType(event, 'Scope', 'OAuth2Scope')
    .map((t) => t.displayName ?? t.alternateId ?? undefined)
    .filter((s): s is string => s !== undefined && s !== '');
  return named.length > 0 ? named : splitScopes(debugText(event, 'grantedScopes'));
}

/** app.oauth2.as.consent.grant → delegation.granted. */
export function mapConsentGrant(event: OktaLogEvent): OktaMapping {
  const { userId, agentId } = consentParties(event);
  if (userId === undefined) return unmappable(event, 'consent grant names no user');
  return normalized(event, {
    type: 'delegation.granted',
    userId,
    agentId,
    scopes: consentScopes(event),
  });
}

/** app.oauth2[.as].consent.revoke → delegation.revoked; without a client it covers every agent of the user. */
export function mapConsentRevoke(event: OktaLogEvent): OktaMapping {
  const { userId, agentId } = consentParties(event);
  if (userId === undefined) return unmappable(event, 'consent revocation names no user');
  return normalized(event, { type: 'delegation.revoked', userId, agentId });
}
