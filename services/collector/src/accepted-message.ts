import { encodeAccepted, type PipelineEnvelope } from '@vigil/contracts';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The accepted topic's envelope around the bytes the event arrived as, instead
 * of writing the event out again. Those bytes passed `decodeAuditMessage`: one
 * UTF-8 JSON object that the schema accepted as it is (no defaults, no
 * transforms, unknown fields kept), so they read back as the same event. A
 * byte-order mark, which the decoder skipped, is dropped. An event mapped from
 * a gateway's or OTLP record comes as that event written out as JSON.
 */
export function acceptedMessage(
  original: Buffer,
  timeMs: number,
  source: PipelineEnvelope['source'],
): Buffer {
  const event = original.subarray(0, 3).equals(UTF8_BOM) ? original.subarray(3) : original;
  return encodeAccepted(event, timeMs, source);
}
