import type { AuditEvent } from '@vigil/contracts';
import type { Decoded } from '@vigil/runtime';
import type {
  OtlpAttributes,
  OtlpLogRecord,
  OtlpLogsData,
  OtlpSpan,
  OtlpTracesData,
} from './otlp-json';
import {
  addressOnly,
  contentEventId,
  contractEvent,
  isNotification,
  type Records,
  type SkipReason,
} from './records';

type Attributes = Map<string, string>;

/** Span kinds (`Span.SpanKind` in trace.proto): a CLIENT span is the caller's view of a request the server also records. */
const SPAN_KIND_CLIENT = 3;
/** `Status.StatusCode.STATUS_CODE_ERROR`. */
const STATUS_ERROR = 2;
/** `SeverityNumber.SEVERITY_NUMBER_ERROR`: ERROR and FATAL are at or above it. */
const SEVERITY_ERROR = 17;

/** Scalar attributes as text; arrays and maps are not read. */
function attributeMap(list: OtlpAttributes): Attributes {
  const map: Attributes = new Map();
  for (const { key, value } of list ?? []) {
    const scalar = value?.stringValue ?? value?.intValue ?? value?.doubleValue ?? value?.boolValue;
    if (scalar !== undefined) map.set(key, String(scalar));
  }
  return map;
}

function first(attributes: Attributes, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value) return value;
  }
  return undefined;
}

function isoTime(unixNano: string | number | undefined): string | undefined {
  if (unixNano === undefined || BigInt(unixNano) === 0n) return undefined;
  return new Date(Number(BigInt(unixNano) / 1_000_000n)).toISOString();
}

interface McpRecord {
  eventId: string;
  time: string | undefined;
  attributes: Attributes;
  resource: Attributes;
  failed: boolean;
  durationMs?: number;
}

/**
 * The MCP conventions' attributes → an audit event. The agent is named by
 * `gen_ai.agent.id`/`gen_ai.agent.name`, else by agentgateway's `jwt.sub`, else
 * by its address (`client.address`); the server by `mcp.target` (a gateway's
 * upstream), else the emitting service (`service.name`), else `server.address`.
 * Byte sizes and the token are not in the conventions and stay empty; the session
 * id is taken when present and nothing depends on it.
 */
function mcpEvent(record: McpRecord): Decoded<AuditEvent> | SkipReason {
  const { attributes, resource } = record;
  const method = attributes.get('mcp.method.name');
  if (!method) return 'not_mcp';
  if (isNotification(method)) return 'notification';
  if (!record.time) return 'no_time';
  const peer = addressOnly(first(attributes, ['client.address', 'src.addr']));
  const agentId = first(attributes, ['gen_ai.agent.id', 'gen_ai.agent.name', 'jwt.sub']) ?? peer;
  if (!agentId) return 'no_agent';
  const serverId =
    attributes.get('mcp.target') ||
    resource.get('service.name') ||
    attributes.get('server.address');
  if (!serverId) return 'no_server';
  return contractEvent({
    eventId: record.eventId,
    time: record.time,
    agentId,
    method,
    serverId,
    outcome: record.failed || attributes.has('error.type') ? 'error' : 'ok',
    toolName: attributes.get('gen_ai.tool.name'),
    promptName: attributes.get('gen_ai.prompt.name'),
    resourceUri: attributes.get('mcp.resource.uri'),
    sessionId: attributes.get('mcp.session.id'),
    onBehalfOf: attributes.get('user.id'),
    durationMs: record.durationMs,
    sourceIp: peer,
    serverVersion: resource.get('service.version'),
  });
}

function spanRecord(span: OtlpSpan, resource: Attributes): McpRecord {
  const start = span.startTimeUnixNano === undefined ? 0n : BigInt(span.startTimeUnixNano);
  const end = span.endTimeUnixNano === undefined ? 0n : BigInt(span.endTimeUnixNano);
  return {
    eventId:
      span.traceId && span.spanId
        ? `otlp-${span.traceId.toLowerCase()}-${span.spanId.toLowerCase()}`
        : contentEventId('otlp-span', JSON.stringify(span)),
    time: isoTime(span.startTimeUnixNano),
    attributes: attributeMap(span.attributes),
    resource,
    failed: span.status?.code === STATUS_ERROR,
    durationMs: end >= start && start > 0n ? Number(end - start) / 1e6 : undefined,
  };
}

function logRecord(log: OtlpLogRecord, resource: Attributes): McpRecord {
  return {
    // A log record has no id of its own: its content is its identity.
    eventId: contentEventId('otlp-log', JSON.stringify(log)),
    time: isoTime(log.timeUnixNano) ?? isoTime(log.observedTimeUnixNano),
    attributes: attributeMap(log.attributes),
    resource,
    failed: (log.severityNumber ?? 0) >= SEVERITY_ERROR,
  };
}

/** Every record → an event or a counted skip; a record that maps to an invalid event rejects the message. */
function collect(records: Iterable<McpRecord | SkipReason>): Decoded<Records> {
  const result: Records = { events: [], skipped: [] };
  for (const record of records) {
    const mapped = typeof record === 'string' ? record : mcpEvent(record);
    if (typeof mapped === 'string') result.skipped.push(mapped);
    else if (mapped.ok) result.events.push(mapped.value);
    else
      return { ok: false, reason: `OTLP record ${(record as McpRecord).eventId} ${mapped.reason}` };
  }
  return { ok: true, value: result };
}

/** OTLP traces → one audit event per server-side MCP span. Pure. */
export function tracesToRecords(data: OtlpTracesData): Decoded<Records> {
  return collect(
    data.resourceSpans.flatMap(({ resource, scopeSpans }) => {
      const resourceAttributes = attributeMap(resource?.attributes);
      return (scopeSpans ?? []).flatMap((scope) =>
        (scope.spans ?? []).map((span) =>
          span.kind === SPAN_KIND_CLIENT ? 'client_span' : spanRecord(span, resourceAttributes),
        ),
      );
    }),
  );
}

/** OTLP logs → one audit event per log record carrying the MCP attributes. Pure. */
export function logsToRecords(data: OtlpLogsData): Decoded<Records> {
  return collect(
    data.resourceLogs.flatMap(({ resource, scopeLogs }) => {
      const resourceAttributes = attributeMap(resource?.attributes);
      return (scopeLogs ?? []).flatMap((scope) =>
        (scope.logRecords ?? []).map((log) => logRecord(log, resourceAttributes)),
      );
    }),
  );
}
