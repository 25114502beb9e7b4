import type { AuditEvent, IdentityEvent } from '@vigil/contracts';

/** Test builders: times are given as minutes after a fixed epoch so cases read as timelines. */
export const BASE_MS = Date.parse('2026-03-02T09:00:00.000Z');

export function at(minutes: number): string {
  return new Date(BASE_MS + minutes * 60_000).toISOString();
}

let identityCounter = 0;

export function identity(
  type: IdentityEvent['type'],
  minutes: number,
  fields: Partial<IdentityEvent> = {},
): IdentityEvent {
  identityCounter += 1;
  return { eventId: `idp-${identityCounter}`, time: at(minutes), type, ...fields } as IdentityEvent;
}

export function issued(
  tokenId: string,
  minutes: number,
  fields: Partial<IdentityEvent> = {},
): IdentityEvent {
  return identity('token.issued', minutes, {
    tokenId,
    agentId: 'agent-a',
    userId: 'alice',
    ...fields,
  });
}

export function audit(
  eventId: string,
  minutes: number,
  fields: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    eventId,
    time: at(minutes),
    agentId: 'agent-a',
    method: 'tools/call',
    serverId: 'srv-1',
    outcome: 'ok',
    ...fields,
  };
}

/** An event with its time in epoch ms, as a stage hands it on: `state.enrich(...timed(audit(…)))`. */
export function timed<E extends { time: string }>(event: E): [E, number] {
  return [event, Date.parse(event.time)];
}
