import { IdentityEvent, describeZodIssues } from '@vigil/contracts';
import type { IdentityErrorCode } from '../identity-error';
import type { OktaLogEvent } from './okta-log-event';

/** What one Okta event becomes: a normalized identity event, a counted skip, or a dead letter. */
export type OktaMapping =
  | { kind: 'event'; event: IdentityEvent }
  | { kind: 'skipped'; eventType: string; reason: string }
  | { kind: 'invalid'; reason: string; code: IdentityErrorCode };

export type OktaMapper = (event: OktaLogEvent) => OktaMapping;

export function unmappable(event: OktaLogEvent, reason: string): OktaMapping {
  return {
    kind: 'invalid',
    code: 'VIGIL_IDENTITY_UNMAPPABLE_OKTA',
    reason: `okta ${event.eventType} ${event.uuid}: ${reason}`,
  };
}

type NormalizedFields = Omit<IdentityEvent, 'eventId' | 'time' | 'idp'>;

/** Adds the fields every Okta event shares (id, time, idp), drops absent ones, and checks the result against the contract. */
export function normalized(event: OktaLogEvent, fields: NormalizedFields): OktaMapping {
  const candidate: Record<string, unknown> = {
    eventId: event.uuid,
    time: event.published,
    idp: 'okta',
  };
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) candidate[key] = value;
  const result = IdentityEvent.safeParse(candidate);
  if (!result.success) return unmappable(event, describeZodIssues(result.error));
  return { kind: 'event', event: result.data };
}
