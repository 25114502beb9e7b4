import type { AuditEvent } from './audit-event';
import type { Enrichment } from './enriched-event';

/**
 * The internal topics' message (collector → enricher → detector): a one-line
 * header, the audit event's bytes exactly as the gateway sent them, and, from
 * the enricher on, the enrichment appended as JSON.
 *
 *   vigil1 <event time, epoch ms> <source partition> <source offset> <event bytes>\n<event JSON>[<appendix JSON>]
 *
 * The collector validated the event once; downstream stages trust it (no schema
 * check), read its time from the header instead of parsing it again, and the
 * enricher appends to the bytes it received instead of writing the event out anew.
 * What cannot be read as this layout is dead-lettered with the reason.
 */
export interface PipelineEnvelope {
  event: AuditEvent;
  timeMs: number;
  source: { partition: number; offset: string };
  enrichment?: Enrichment;
  /** Set when a late identity event changed the verdict on an event already sent on. */
  reassessed?: boolean;
  /** Header and event bytes, to which the enricher appends. */
  head: Buffer;
}

const MAGIC = 'vigil1';
const NEWLINE = 0x0a;
/** Longer than any header the encoder writes (magic, three numbers and an offset). */
const MAX_HEADER_BYTES = 96;

/** The accepted topic's message: header and event bytes. */
export function encodeAccepted(
  eventBytes: Buffer,
  timeMs: number,
  source: PipelineEnvelope['source'],
): Buffer {
  const header = `${MAGIC} ${timeMs} ${source.partition} ${source.offset} ${eventBytes.length}\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), eventBytes]);
}

/** The enriched topic's message: the accepted message's bytes with the enrichment appended. */
export function appendEnrichment(
  head: Buffer,
  enrichment: Enrichment | undefined,
  reassessed = false,
): Buffer {
  const appendix = JSON.stringify(reassessed ? { enrichment, reassessed } : { enrichment });
  return Buffer.concat([head, Buffer.from(appendix)]);
}

export type DecodedEnvelope = { ok: true; value: PipelineEnvelope } | { ok: false; reason: string };

/** Reads an internal topic's message; a reason instead when it is not one. */
export function decodeEnvelope(value: Buffer | null): DecodedEnvelope {
  if (!value || value.length === 0) return { ok: false, reason: 'empty message' };
  const end = value.subarray(0, MAX_HEADER_BYTES).indexOf(NEWLINE);
  if (end < 0) return { ok: false, reason: 'no Vigil envelope header' };
  const [magic, time, partition, offset, length, ...rest] = value
    .subarray(0, end)
    .toString('latin1')
    .split(' ');
  const timeMs = Number(time);
  const eventLength = Number(length);
  const eventEnd = end + 1 + eventLength;
  if (
    magic !== MAGIC ||
    rest.length > 0 ||
    !Number.isSafeInteger(timeMs) ||
    !Number.isSafeInteger(Number(partition)) ||
    !/^\d+$/.test(offset ?? '') ||
    !Number.isSafeInteger(eventLength) ||
    eventEnd > value.length
  ) {
    return { ok: false, reason: 'unreadable Vigil envelope header' };
  }
  let event: unknown;
  let appendix: { enrichment?: Enrichment; reassessed?: boolean } = {};
  try {
    event = JSON.parse(value.toString('utf8', end + 1, eventEnd));
    if (eventEnd < value.length) appendix = JSON.parse(value.toString('utf8', eventEnd));
  } catch (error) {
    return { ok: false, reason: `unreadable Vigil envelope: ${(error as Error).message}` };
  }
  if (!isEventShaped(event)) return { ok: false, reason: 'Vigil envelope without an audit event' };
  return {
    ok: true,
    value: {
      event,
      timeMs,
      source: { partition: Number(partition), offset: offset as string },
      ...(appendix.enrichment && { enrichment: appendix.enrichment }),
      ...(appendix.reassessed && { reassessed: true }),
      head: value.subarray(0, eventEnd),
    },
  };
}

/** The fields every stage keys on: enough to tell a Vigil event from stray bytes, not a validation. */
function isEventShaped(value: unknown): value is AuditEvent {
  const event = value as Partial<AuditEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.eventId === 'string' &&
    typeof event.agentId === 'string' &&
    typeof event.time === 'string'
  );
}
