import { externalSessionId, subjectUserId } from './okta-fields';
import type { OktaLogEvent } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';

/** user.session.end → session.ended for the actor's own session (authenticationContext.externalSessionId). */
export function mapSessionEnd(event: OktaLogEvent): OktaMapping {
  const sessionId = externalSessionId(event);
  if (sessionId === undefined)
    return unmappable(event, 'session end has no authenticationContext.externalSessionId');
  return normalized(event, {
    type: 'session.ended',
    sessionId,
    userId: event.actor.type === 'User' ? event.actor.id : undefined,
  });
}

/**
 * user.session.clear → session.ended for every session of the target user. The event's own
 * externalSessionId is the admin's session, so no sessionId is set: the state reads that as "all of them".
 */
export function mapSessionClear(event: OktaLogEvent): OktaMapping {
  const userId = subjectUserId(event);
  if (userId === undefined) return unmappable(event, 'session clear names no user');
  return normalized(event, { type: 'session.ended', userId });
}
