import { z } from 'zod';
import { rfc3339 } from '@vigil/contracts';

/*
 * Okta System Log `LogEvent`, as GET /api/v1/logs returns it. Okta sends null for absent values
 * (alternateId, detailEntry, outcome.reason, client.id, ...), so optional fields accept null too.
 * Objects are loose: Okta adds fields over time and Vigil must not reject a log for that.
 */
const text = z.string().nullish();
const detail = z.record(z.string(), z.unknown()).nullish();

export const OktaLogActor = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: text,
  displayName: text,
  detailEntry: detail,
});

export const OktaLogTarget = z.looseObject({
  id: z.string(),
  type: z.string(),
  alternateId: text,
  displayName: text,
  detailEntry: detail,
});
export type OktaLogTarget = z.infer<typeof OktaLogTarget>;

export const OktaLogClient = z.looseObject({
  id: text,
  ipAddress: text,
  device: text,
  zone: text,
  userAgent: z.looseObject({ rawUserAgent: text, os: text, browser: text }).nullish(),
  geographicalContext: z.unknown().optional(),
});

/** result is one of SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN; kept open as Okta may add more. */
export const OktaLogOutcome = z.looseObject({ result: z.string(), reason: text });

export const OktaLogEvent = z.looseObject({
  uuid: z.string().min(1),
  published: rfc3339,
  eventType: z.string().min(1),
  version: text,
  severity: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).nullish(),
  displayMessage: text,
  legacyEventType: text,
  actor: OktaLogActor,
  client: OktaLogClient.nullish(),
  outcome: OktaLogOutcome.nullish(),
  target: z.array(OktaLogTarget).nullish(),
  transaction: z.looseObject({ id: text, type: text, detail: detail }).nullish(),
  debugContext: z.looseObject({ debugData: detail }).nullish(),
  authenticationContext: z
    .looseObject({
      authenticationProvider: text,
      credentialProvider: z.unknown().optional(),
      credentialType: z.unknown().optional(),
      interface: text,
      authenticationStep: z.number().nullish(),
      externalSessionId: text,
    })
    .nullish(),
  securityContext: z.unknown().optional(),
  request: z.unknown().optional(),
});
export type OktaLogEvent = z.infer<typeof OktaLogEvent>;

/** Okta's own identifying fields: a message that has them is meant as a raw System Log event. */
export function looksLikeOktaLogEvent(value: Record<string, unknown>): boolean {
  return 'uuid' in value && 'published' in value && 'eventType' in value;
}
