import { createHash } from 'node:crypto';
import { AuditEvent, describeZodIssues } from '@vigil/contracts';
import type { Decoded } from '@vigil/runtime';

/**
 * Why a well-formed record holds no MCP request for Vigil. Skips are counted
 * (`vigil_collector_skipped_total`), never dead-lettered: the record is fine,
 * it is just not an audit event.
 */
export type SkipReason =
  /** No `mcp.method.name`: plain HTTP, LLM or other traffic through the same gateway or tracer. */
  | 'not_mcp'
  /** `notifications/*`: one-way messages, not requests. */
  | 'notification'
  /** A client-side span: the server's span records the same request. */
  | 'client_span'
  /** Docker's `load` decision: a server's configuration was loaded, no request was made. */
  | 'server_load'
  /** An MCP span or log record that names no agent and no peer address. */
  | 'no_agent'
  /** An MCP span or log record with no server name. */
  | 'no_server'
  /** An MCP span or log record with no timestamp. */
  | 'no_time';

/** What one Kafka message of an input format holds: its audit events (an OTLP export carries many) and the records skipped. */
export interface Records {
  events: AuditEvent[];
  skipped: SkipReason[];
}

/** One input format: message bytes → its records, or the reason the message goes to the dead-letter topic. Pure. */
export type FormatDecoder = (value: Buffer | null) => Decoded<Records>;

/** An event built from a source's fields, checked against the contract so that nothing invalid goes on. */
export function contractEvent(fields: Record<string, unknown>): Decoded<AuditEvent> {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const parsed = AuditEvent.safeParse(present);
  if (parsed.success) return { ok: true, value: parsed.data };
  const wrong = describeZodIssues(parsed.error, { limit: 1 });
  return { ok: false, reason: `maps to no valid audit event: ${wrong}` };
}

/**
 * A deterministic event id for sources that carry none: the hash of the record's
 * own bytes, so a redelivered record is a duplicate and two records are two events.
 */
export function contentEventId(prefix: string, bytes: Buffer | string): string {
  return `${prefix}-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;
}

/** MCP methods that are one-way notifications rather than requests. */
export function isNotification(method: string): boolean {
  return method.startsWith('notifications/');
}

/** `host:port`, `[v6]:port` or a bare address → the address alone. */
export function addressOnly(peer: string | undefined): string | undefined {
  if (peer === undefined || peer === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(peer);
  if (bracketed) return bracketed[1];
  const hostPort = /^([^:]+):\d+$/.exec(peer);
  return hostPort ? hostPort[1] : peer;
}

/** A message whose one record is skipped. */
export function skipped(reason: SkipReason): Decoded<Records> {
  return { ok: true, value: { events: [], skipped: [reason] } };
}

/** A message whose one record is an event, or the reason it maps to none. */
export function oneEvent(event: Decoded<AuditEvent>): Decoded<Records> {
  return event.ok ? { ok: true, value: { events: [event.value], skipped: [] } } : event;
}
