import { PipelineEvent } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { decodeAuditMessage } from './decode-audit-message';
import { pipelineEventBytes } from './pipeline-event-bytes';
import { validEvent } from './test-event';

const event = { ...validEvent, note: 'kept: fields not listed travel with the event' };

function forwardedAs(original: Buffer) {
  const decoded = decodeAuditMessage(original);
  if (!decoded.ok) throw new Error(decoded.reason);
  const bytes = pipelineEventBytes(original, { partition: 2, offset: '41' });
  return { decoded: decoded.value, forwarded: PipelineEvent.parse(JSON.parse(bytes.toString())) };
}

describe('pipelineEventBytes', () => {
  it('reads back as the PipelineEvent of the decoded event', () => {
    const { decoded, forwarded } = forwardedAs(Buffer.from(JSON.stringify(event, null, 2)));
    expect(forwarded).toEqual({ event: decoded, source: { partition: 2, offset: '41' } });
  });

  it('drops a byte-order mark the decoder skipped', () => {
    const original = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(event)),
    ]);
    expect(forwardedAs(original).forwarded.event.eventId).toBe('e-1');
  });
});
