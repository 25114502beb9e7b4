import { describe, expect, it } from 'vitest';
import { appendEnrichment, decodeEnvelope, encodeAccepted } from './pipeline-envelope';

const event = { eventId: 'e-1', time: '2026-03-02T10:15:00Z', agentId: 'a', extra: { kept: true } };
const bytes = Buffer.from(JSON.stringify(event, null, 2));
const source = { partition: 2, offset: '41' };
const accepted = encodeAccepted(bytes, Date.parse(event.time), source);

describe('pipeline envelope', () => {
  it('carries the event as sent, its time in epoch ms and its source', () => {
    const decoded = decodeEnvelope(accepted);
    expect(decoded).toMatchObject({
      ok: true,
      value: { event, timeMs: Date.parse(event.time), source },
    });
  });

  it('appends the enrichment to the bytes it received, the event untouched', () => {
    const enrichment = { tokenStatus: 'revoked' as const, userStatus: 'active' as const };
    const decoded = decodeEnvelope(appendEnrichment(accepted, enrichment, true));
    expect(decoded.ok && decoded.value).toMatchObject({ event, enrichment, reassessed: true });
    expect(decoded.ok && decoded.value.head.equals(accepted)).toBe(true);
  });

  it.each([
    ['an empty message', Buffer.alloc(0), /^empty message$/],
    ['plain JSON', Buffer.from(JSON.stringify(event)), /^no Vigil envelope header$/],
    [
      'a header claiming more bytes than there are',
      Buffer.from('vigil1 1 0 5 999\n{}'),
      /^unreadable Vigil envelope/,
    ],
    ['an event that is not JSON', Buffer.from('vigil1 1 0 5 3\n{x}'), /^unreadable Vigil envelope/],
    [
      'an event without its ids',
      Buffer.from('vigil1 1 0 5 2\n{}'),
      /^Vigil envelope without an audit event$/,
    ],
    ['a negative offset', Buffer.from('vigil1 1 0 -5 2\n{}'), /^unreadable Vigil envelope/],
  ])('rejects %s with a reason', (_name, value, reason) => {
    expect(decodeEnvelope(value)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});
