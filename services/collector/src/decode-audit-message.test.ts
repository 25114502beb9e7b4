import { describe, expect, it } from 'vitest';
import { decodeAuditMessage } from './decode-audit-message';
import { jsonDepth } from './formats/json-object';
import { validEvent } from './testing/valid-event';

const event = validEvent;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

function reasonFor(value: Buffer | null): string {
  const decoded = decodeAuditMessage(value);
  if (decoded.ok) throw new Error('expected a rejection');
  return decoded.reason;
}

describe('decodeAuditMessage', () => {
  it('accepts a valid event', () => {
    expect(decodeAuditMessage(bytes(event))).toMatchObject({ ok: true, value: { eventId: 'e-1' } });
  });

  it.each([
    ['an empty message', Buffer.alloc(0), /empty/],
    ['a null value (tombstone)', null, /empty/],
    ['text that is not JSON', Buffer.from('hello'), /not valid JSON/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x81]), /UTF-8/],
    ['a JSON array', bytes([event]), /an array/],
    ['a JSON number', Buffer.from('42'), /number/],
    ['a missing required field', bytes({ ...event, agentId: undefined }), /agentId/],
    ['an empty required string', bytes({ ...event, serverId: '' }), /serverId/],
    ['a wrong type', bytes({ ...event, responseBytes: 'big' }), /responseBytes/],
    ['an impossible timestamp', bytes({ ...event, time: '2026-13-45T99:00:00Z' }), /time/],
    ['a negative size', bytes({ ...event, responseBytes: -5 }), /responseBytes/],
    ['an over-long eventId', bytes({ ...event, eventId: 'x'.repeat(129) }), /eventId/],
    [
      'deeply nested JSON',
      Buffer.from('{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}'),
      /nested/,
    ],
    ['a message over 1 MiB', bytes({ ...event, pad: 'x'.repeat(1024 * 1024) }), /limit is 1048576/],
  ])('rejects %s with a reason', (_name, value, reason) => {
    expect(reasonFor(value)).toMatch(reason);
  });
});

describe('jsonDepth', () => {
  it('ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]"}')).toBe(1);
  });
});
