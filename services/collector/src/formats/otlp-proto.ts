import protobuf from 'protobufjs';

type Naming = [message: string, field: string];

/** `TracesData` and `LogsData` share one layout: resources (field 1), scopes (field 2), records (field 2). */
function envelope(
  data: string,
  [resource, resources]: Naming,
  [scope, scopes]: Naming,
  [record, records]: Naming,
) {
  return {
    [data]: { fields: { [resources]: { rule: 'repeated', type: resource, id: 1 } } },
    [resource]: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        [scopes]: { rule: 'repeated', type: scope, id: 2 },
      },
    },
    [scope]: { fields: { [records]: { rule: 'repeated', type: record, id: 2 } } },
  };
}

/*
 * The part of OTLP's protobuf messages Vigil reads, with the field numbers of
 * opentelemetry-proto (`opentelemetry/proto/{common,resource,trace,logs}/v1`).
 * Fields left out (scopes, events, links, a log record's body, array and map
 * attribute values) are skipped by the decoder unread, so no payload content
 * is decoded and no nesting is followed.
 */
const otlp = protobuf.Root.fromJSON({
  nested: {
    AnyValue: {
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
      },
    },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    Status: { fields: { code: { type: 'int32', id: 3 } } },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        kind: { type: 'int32', id: 6 },
        startTimeUnixNano: { type: 'fixed64', id: 7 },
        endTimeUnixNano: { type: 'fixed64', id: 8 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        status: { type: 'Status', id: 15 },
      },
    },
    ...envelope(
      'TracesData',
      ['ResourceSpans', 'resourceSpans'],
      ['ScopeSpans', 'scopeSpans'],
      ['Span', 'spans'],
    ),
    LogRecord: {
      fields: {
        timeUnixNano: { type: 'fixed64', id: 1 },
        severityNumber: { type: 'int32', id: 2 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 6 },
        traceId: { type: 'bytes', id: 9 },
        spanId: { type: 'bytes', id: 10 },
        observedTimeUnixNano: { type: 'fixed64', id: 11 },
      },
    },
    ...envelope(
      'LogsData',
      ['ResourceLogs', 'resourceLogs'],
      ['ScopeLogs', 'scopeLogs'],
      ['LogRecord', 'logRecords'],
    ),
  },
});

/** Each signal's message and the names of its three levels. */
const SIGNALS = {
  traces: { type: otlp.lookupType('TracesData'), levels: ['resourceSpans', 'scopeSpans', 'spans'] },
  logs: { type: otlp.lookupType('LogsData'), levels: ['resourceLogs', 'scopeLogs', 'logRecords'] },
} as const;

/** protobuf → the OTLP/JSON shape (ids as hex, 64-bit numbers as decimal strings), so one mapping reads both. */
const AS_JSON: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String };

type IdFields = { traceId?: string; spanId?: string };

function hexIds<T extends IdFields>(record: T): T {
  const hex = (base64?: string) => base64 && Buffer.from(base64, 'base64').toString('hex');
  return { ...record, traceId: hex(record.traceId), spanId: hex(record.spanId) };
}

/**
 * Whether a `TracesData` or a `LogsData` is on the wire: both start with field 1
 * (resources) → field 2 (scopes) → field 2 (records), and then a span's field 1
 * is its trace id (length-delimited) while a log record's is its time (fixed64).
 */
export function protoSignal(bytes: Uint8Array): 'traces' | 'logs' {
  let reader = protobuf.Reader.create(bytes);
  for (const field of [1, 2, 2]) {
    const inner = firstField(reader, field);
    if (!inner) return 'traces';
    reader = protobuf.Reader.create(inner);
  }
  if (reader.pos >= reader.len) return 'traces';
  const tag = reader.uint32();
  return tag === ((1 << 3) | 2) ? 'traces' : 'logs';
}

/** The bytes of the first length-delimited occurrence of a field, skipping others. */
function firstField(reader: protobuf.Reader, field: number): Uint8Array | undefined {
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) return reader.bytes();
    reader.skipType(tag & 7);
  }
  return undefined;
}

type Decoded = Record<string, unknown[] | undefined>;

/** OTLP protobuf bytes → the same object an OTLP/JSON message parses to. Throws on malformed protobuf. */
export function decodeOtlpProto(bytes: Uint8Array): Record<string, unknown> {
  const { type, levels } = SIGNALS[protoSignal(bytes)];
  const [resources, scopes, records] = levels;
  const data = type.toObject(type.decode(bytes), AS_JSON) as Decoded;
  for (const resource of (data[resources] ?? []) as Decoded[]) {
    for (const scope of (resource[scopes] ?? []) as Decoded[]) {
      scope[records] = (scope[records] as IdFields[] | undefined)?.map(hexIds);
    }
  }
  return { [resources]: data[resources] ?? [] };
}
