import { checkSize, parseJsonObject, parseWith } from './json-object';
import { decodeOtlpProto } from './otlp-proto';
import { OtlpLogsData, OtlpTracesData } from './otlp-json';
import { logsToRecords, tracesToRecords } from './otlp-mcp';
import type { FormatDecoder } from './records';

/** `{` opens an OTLP/JSON message; protobuf starts with a field tag (0x0A for resources), never with it. */
const JSON_OPEN = 0x7b;

/**
 * One message of an OpenTelemetry Collector's Kafka exporter (`mcp.otlp.v1`),
 * traces or logs, `otlp_json` or `otlp_proto` (told apart by the first byte and,
 * for protobuf, the wire types) → the audit events of its MCP records. Records
 * without MCP attributes and client spans are skipped and counted; a message
 * that does not decode goes to the dead-letter topic with the reason. Pure.
 */
export const decodeOtlpMessage: FormatDecoder = (value) => {
  const tooBig = checkSize(value);
  if (tooBig !== undefined || value === null) return { ok: false, reason: tooBig ?? '' };
  let json: Record<string, unknown>;
  if (value[0] === JSON_OPEN) {
    const parsed = parseJsonObject(value);
    if (!parsed.ok) return parsed;
    json = parsed.value;
  } else {
    try {
      json = decodeOtlpProto(value);
    } catch (error) {
      return { ok: false, reason: `not valid OTLP protobuf: ${(error as Error).message}` };
    }
  }
  if ('resourceLogs' in json) {
    const logs = parseWith(OtlpLogsData, json, 'OTLP logs');
    return logs.ok ? logsToRecords(logs.value) : logs;
  }
  const traces = parseWith(OtlpTracesData, json, 'OTLP traces or logs');
  return traces.ok ? tracesToRecords(traces.value) : traces;
};
