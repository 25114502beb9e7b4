import type { Candidate } from './classify-batch';

/** The `audit_events_raw` row of one accepted event: identifiers and sizes, never payload contents. */
export function toAuditRow(
  { event, partition, offset, dateTime }: Candidate,
  /** ClickHouse DateTime text, the same for a whole batch. */
  ingestedAt: string,
) {
  return {
    event_id: event.eventId,
    event_time: dateTime,
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
    kafka_partition: partition,
    kafka_offset: offset,
    ingested_at: ingestedAt,
  };
}
export type AuditRow = ReturnType<typeof toAuditRow>;
