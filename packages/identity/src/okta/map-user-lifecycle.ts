import { targetsOfType } from './okta-fields';
import type { OktaLogEvent } from './okta-log-event';
import { normalized, unmappable, type OktaMapping } from './okta-mapping';

/** user.lifecycle.deactivate / suspend → user.disabled. The actor is the admin; the user is the User target. */
export function mapUserDisabled(event: OktaLogEvent): OktaMapping {
  const user = targetsOfType(event, 'User')[0];
  if (!user) return unmappable(event, 'user lifecycle event has no User target');
  return normalized(event, { type: 'user.disabled', userId: user.id });
}
