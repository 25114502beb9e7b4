import { describe, expect, it } from 'vitest';
import { AuditEvent } from './audit-event';

const valid = {
  eventId: 'e-1',
  time: '2026-03-02T10:15:00.123+01:00',
  agentId: 'sales-5',
  method: 'tools/call',
  serverId: 'crm',
  outcome: 'ok',
};

describe('AuditEvent', () => {
  it('accepts a minimal event and keeps unknown fields', () => {
    const parsed = AuditEvent.parse({ ...valid, vendorField: { a: 1 } });
    expect(parsed.vendorField).toEqual({ a: 1 });
  });

  it.each([
    ['an empty required string', { agentId: '' }],
    ['an eventId over 128 characters', { eventId: 'x'.repeat(129) }],
    ['a timestamp without offset', { time: '2026-03-02T10:15:00' }],
    ['an impossible date', { time: '2026-02-30T10:15:00Z' }],
    ['an impossible hour', { time: '2026-03-02T25:15:00Z' }],
    ['a negative size', { responseBytes: -1 }],
    ['a fractional size', { requestBytes: 1.5 }],
    ['an unknown outcome', { outcome: 'maybe' }],
    ['a number where a string belongs', { serverId: 42 }],
  ])('rejects %s', (_name, patch) => {
    expect(AuditEvent.safeParse({ ...valid, ...patch }).success).toBe(false);
  });

  it('rejects an event missing a required field', () => {
    const { method: _method, ...withoutMethod } = valid;
    expect(AuditEvent.safeParse(withoutMethod).success).toBe(false);
  });
});
