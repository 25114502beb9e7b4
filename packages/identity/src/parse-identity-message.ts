import { IdentityEvent, describeZodIssues, toEpochMs } from '@vigil/contracts';
import type { IdentityErrorCode } from './identity-error';
import { mapOktaEvent } from './okta/map-okta-event';
import { looksLikeOktaLogEvent, OktaLogEvent } from './okta/okta-log-event';

import type { OktaMapping } from './okta/okta-mapping';

/** An identity event comes with its time in epoch ms, parsed here, once, where it enters. */
export type IdentityMessage =
  | { kind: 'event'; event: IdentityEvent; timeMs: number }
  | { kind: 'skipped'; eventType: string; reason: string }
  | { kind: 'invalid'; reason: string; code: IdentityErrorCode };

function invalid(code: IdentityErrorCode, reason: string): OktaMapping {
  return { kind: 'invalid', code, reason };
}

/** Vigil's normalized form is recognized by its own required fields. */
function looksNormalized(value: Record<string, unknown>): boolean {
  return 'eventId' in value && 'type' in value;
}

/**
 * One message of `identity.events.v1`: Vigil's normalized form or a raw Okta System Log event.
 * Invalid messages carry a reason for the dead-letter header; unused Okta types are skipped.
 */
export function parseIdentityMessage(value: Buffer | string): IdentityMessage {
  const parsed = parseRecord(value);
  return parsed.kind === 'event' ? { ...parsed, timeMs: toEpochMs(parsed.event.time) } : parsed;
}

function parseRecord(value: Buffer | string): OktaMapping {
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    return invalid('VIGIL_IDENTITY_NOT_JSON', `not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return invalid('VIGIL_IDENTITY_UNKNOWN_SHAPE', 'not a JSON object');
  }
  const record = json as Record<string, unknown>;
  if (looksLikeOktaLogEvent(record)) {
    const okta = OktaLogEvent.safeParse(record);
    if (!okta.success)
      return invalid(
        'VIGIL_IDENTITY_INVALID_OKTA',
        `invalid Okta LogEvent: ${describeZodIssues(okta.error)}`,
      );
    return mapOktaEvent(okta.data);
  }
  if (looksNormalized(record)) {
    const normalized = IdentityEvent.safeParse(record);
    if (!normalized.success) {
      return invalid(
        'VIGIL_IDENTITY_INVALID_NORMALIZED',
        `invalid identity event: ${describeZodIssues(normalized.error)}`,
      );
    }
    return { kind: 'event', event: normalized.data };
  }
  return invalid(
    'VIGIL_IDENTITY_UNKNOWN_SHAPE',
    'neither a normalized identity event (eventId, type, time) nor an Okta LogEvent (uuid, published, eventType)',
  );
}
