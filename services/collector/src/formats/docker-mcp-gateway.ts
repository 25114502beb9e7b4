import { DockerMcpAuditEvent } from '@vigil/contracts';
import { parseJsonRecord } from './json-object';
import { contentEventId, contractEvent, oneEvent, skipped, type FormatDecoder } from './records';

/** Docker's policy triggers that are MCP requests, and their methods (`pkg/policy/policy.go`). */
const METHODS = { invoke: 'tools/call', prompt: 'prompts/get' } as const;

/**
 * One Docker MCP Gateway `AuditEvent` (`mcp.gateway.docker.v1`) → an audit event.
 * The gateway writes one per policy decision: `invoke` is a tool call, `prompt`
 * a prompt get, `load` (loading a server's configuration) is no request and is
 * skipped. `result: denied` is stored with outcome `denied`. The agent is the MCP
 * client that initialized the session (`client_name`); the Docker account
 * (`actor_id`) is who it acts for. The event has no resource URI, token, sizes,
 * duration or server version: those stay empty. Pure.
 */
export const decodeDockerAuditEvent: FormatDecoder = (value) => {
  const parsed = parseJsonRecord(DockerMcpAuditEvent, value, 'a Docker MCP Gateway AuditEvent');
  if (!parsed.ok) return parsed;
  const audit = parsed.value;
  if (audit.trigger === 'load') return skipped('server_load');
  if (!audit.client_name) {
    return {
      ok: false,
      reason: 'Docker MCP Gateway AuditEvent names no agent: client_name is empty',
    };
  }
  return oneEvent(
    contractEvent({
      eventId: contentEventId('docker', value ?? ''),
      time: audit.timestamp,
      agentId: audit.client_name,
      method: METHODS[audit.trigger],
      serverId: audit.server_name,
      outcome: audit.result === 'denied' ? 'denied' : 'ok',
      toolName: audit.tool_name || undefined,
      promptName: audit.prompt_name || undefined,
      sessionId: audit.session_id || undefined,
      onBehalfOf: audit.actor_id || undefined,
      clientVersion: audit.client_version || undefined,
    }),
  );
};
