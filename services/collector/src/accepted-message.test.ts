import { decodeEnvelope } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { acceptedMessage } from './accepted-message';
import { decodeAuditMessage } from './decode-audit-message';
import { validEvent } from './testing/valid-event';

const event = { ...validEvent, note: 'kept: fields not listed travel with the event' };

function forwardedAs(original: Buffer) {
  const decoded = decodeAuditMessage(original);
  if (!decoded.ok) throw new Error(decoded.reason);
  const timeMs = Date.parse(decoded.value.time);
  const envelope = decodeEnvelope(
    acceptedMessage(original, timeMs, { partition: 2, offset: '41' }),
  );
  if (!envelope.ok) throw new Error(envelope.reason);
  return { decoded: decoded.value, timeMs, forwarded: envelope.value };
}

describe('acceptedMessage', () => {
  it('reads back as the decoded event, its time and its source', () => {
    const { decoded, timeMs, forwarded } = forwardedAs(Buffer.from(JSON.stringify(event, null, 2)));
    expect(forwarded).toMatchObject({
      event: decoded,
      timeMs,
      source: { partition: 2, offset: '41' },
    });
    expect(forwarded.enrichment).toBeUndefined();
  });

  it('drops a byte-order mark the decoder skipped', () => {
    const original = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(event)),
    ]);
    expect(forwardedAs(original).forwarded.event.eventId).toBe('e-1');
  });
});
