import type { AuditEvent } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

export interface MessagePosition {
  partition: number;
  offset: string;
}

/** The `audit_events_raw` row of one accepted event: identifiers and sizes, never payload contents. */
export function toAuditRow(event: AuditEvent, position: MessagePosition, ingestedAtMs: number) {
  return {
    event_id: event.eventId,
    event_time: toClickHouseDateTime(event.time),
    agent_id: event.agentId,
    method: event.method,
    server_id: event.serverId,
    outcome: event.outcome,
    tool_name: event.toolName ?? '',
    resource_uri: event.resourceUri ?? '',
    session_id: event.sessionId ?? '',
    token_id: event.tokenId ?? '',
    on_behalf_of: event.onBehalfOf ?? '',
    request_bytes: event.requestBytes ?? 0,
    response_bytes: event.responseBytes ?? 0,
    duration_ms: event.durationMs ?? 0,
    gateway_id: event.gatewayId ?? '',
    source_ip: event.sourceIp ?? '',
    server_version: event.serverVersion ?? '',
    tool_schema_hash: event.toolSchemaHash ?? '',
    kafka_partition: position.partition,
    kafka_offset: position.offset,
    ingested_at: toClickHouseDateTime(ingestedAtMs),
  };
}
export type AuditRow = ReturnType<typeof toAuditRow>;
