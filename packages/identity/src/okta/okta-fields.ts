import type { OktaLogEvent, OktaLogTarget } from './okta-log-event';

/** Okta writes "unknown" where it has no session; that is no session id at all. */
const NO_SESSION = new Set(['unknown', '']);

export function targetsOfType(event: OktaLogEvent, ...types: string[]): OktaLogTarget[] {
  return (event.target ?? []).filter((t) => types.includes(t.type));
}

export function detailText(
  entry: Record<string, unknown> | null | undefined,
  key: string,
): string | undefined {
  const value = entry?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function debugText(event: OktaLogEvent, key: string): string | undefined {
  return detailText(event.debugContext?.debugData, key);
}

/** Okta lists scopes in one string, comma- or space-separated depending on the event ("a, b" or "a b"). */
export function splitScopes(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const scopes = list.split(/[\s,]+/).filter((s) => s !== '');
  return scopes.length > 0 ? scopes : undefined;
}

export function externalSessionId(event: OktaLogEvent): string | undefined {
  const id = event.authenticationContext?.externalSessionId ?? undefined;
  return id === undefined || NO_SESSION.has(id) ? undefined : id;
}

/** The OAuth client in an OAuth event: the actor when it is an app, else Okta's client id. */
export function oauthClientId(event: OktaLogEvent): string | undefined {
  if (event.actor.type !== 'User') return event.actor.id;
  return event.client?.id ?? undefined;
}

/** The user a user-lifecycle or session event is about: the User target, else a User actor. */
export function subjectUserId(event: OktaLogEvent): string | undefined {
  const target = targetsOfType(event, 'User')[0];
  if (target) return target.id;
  return event.actor.type === 'User' ? event.actor.id : undefined;
}
