import { AgentgatewayLogRecord } from '@vigil/contracts';
import { parseJsonRecord } from './json-object';
import {
  addressOnly,
  contentEventId,
  contractEvent,
  isNotification,
  oneEvent,
  skipped,
  type FormatDecoder,
} from './records';

/**
 * `reason` values with which agentgateway answered a request itself instead of
 * passing it on because a policy refused it (`ProxyResponseReason` in
 * `crates/agentgateway/src/proxy/mod.rs`); other reasons are failures.
 */
const REFUSALS = new Set([
  'JwtAuth',
  'Oidc',
  'BasicAuth',
  'APIKeyAuth',
  'ExtAuth',
  'Authorization',
  'RateLimit',
  'Guardrail',
]);

function outcomeOf(record: AgentgatewayLogRecord): 'ok' | 'error' | 'denied' {
  const status = record['http.status'];
  if ((record.reason && REFUSALS.has(record.reason)) || status === 401 || status === 403) {
    return 'denied';
  }
  if (record.reason || record['mcp.error.code'] !== undefined || (status ?? 0) >= 400) {
    return 'error';
  }
  return 'ok';
}

/**
 * One agentgateway request log record (`mcp.gateway.agentgateway.v1`) → an audit
 * event. Requests that are not MCP (no `mcp.method.name`) and notifications are
 * skipped. The log has no token id, no on-behalf-of user, no byte sizes and no
 * server version: those stay empty. Pure.
 */
export const decodeAgentgatewayRecord: FormatDecoder = (value) => {
  const parsed = parseJsonRecord(AgentgatewayLogRecord, value, 'an agentgateway log record');
  if (!parsed.ok) return parsed;
  const record = parsed.value;
  const method = record['mcp.method.name'];
  if (!method) return skipped('not_mcp');
  if (isNotification(method)) return skipped('notification');
  // The token's subject (an agent's client-credentials token names the agent), else its mTLS identity.
  const agentId = record['jwt.sub'] || record['src.identity'];
  if (!agentId) {
    return {
      ok: false,
      reason: 'agentgateway record names no agent: neither jwt.sub nor src.identity is set',
    };
  }
  // A multiplexed request (tools/list across targets) has no target: the route is the virtual server.
  const serverId = record['mcp.target'] || record.route;
  if (!serverId) {
    return { ok: false, reason: 'agentgateway record names no server: no mcp.target, no route' };
  }
  return oneEvent(
    contractEvent({
      eventId: contentEventId('agw', value ?? ''),
      time: record.time,
      agentId,
      method,
      serverId,
      outcome: outcomeOf(record),
      toolName: record['gen_ai.tool.name'],
      promptName: record['gen_ai.prompt.name'],
      resourceUri: record['mcp.resource.uri'],
      sessionId: record['mcp.session.id'],
      durationMs: record.duration === undefined ? undefined : Number.parseInt(record.duration, 10),
      gatewayId: record.gateway,
      sourceIp: addressOnly(record['src.addr']),
    }),
  );
};
