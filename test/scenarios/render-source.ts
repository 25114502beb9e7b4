import { createHash } from 'node:crypto';
import type { AuditEvent } from '@vigil/contracts';

/**
 * A scenario's audit event as each real source would have written it, for
 * feeding the pipeline through a gateway format instead of the contract. Each
 * source says only what it knows (agentgateway logs no token or sizes, Docker
 * no resources, OTLP spans no token or sizes); an event a source cannot
 * express (a resource read through Docker's gateway) is left out.
 */
export const SOURCES = ['contract', 'agentgateway', 'docker', 'otlp'] as const;
export type Source = (typeof SOURCES)[number];

const hex = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);
const nanos = (iso: string, plusMs = 0) => String(BigInt(Date.parse(iso) + plusMs) * 1_000_000n);

function agentgateway(e: AuditEvent): string {
  const status = e.outcome === 'denied' ? 403 : e.outcome === 'error' ? 500 : 200;
  return JSON.stringify({
    level: 'info',
    time: e.time,
    scope: 'request',
    gateway: e.gatewayId,
    route: 'default/mcp',
    'src.addr': e.sourceIp ? `${e.sourceIp}:443` : undefined,
    'http.method': 'POST',
    'http.path': '/mcp',
    'http.status': status,
    'jwt.sub': e.agentId,
    'mcp.method.name': e.method,
    'mcp.target': e.serverId,
    'gen_ai.tool.name': e.toolName,
    'mcp.resource.uri': e.resourceUri,
    'mcp.session.id': e.sessionId,
    reason: e.outcome === 'denied' ? 'Authorization' : undefined,
    duration: `${Math.round(e.durationMs ?? 0)}ms`,
  });
}

function docker(e: AuditEvent): string | undefined {
  if (e.method !== 'tools/call' || !e.toolName) return undefined;
  return JSON.stringify({
    trigger: 'invoke',
    target_type: 'tool',
    server_name: e.serverId,
    tool_name: e.toolName,
    result: e.outcome === 'denied' ? 'denied' : 'allowed',
    outcome_reason: 'policy_rule',
    client_name: e.agentId,
    actor_id: e.onBehalfOf,
    session_id: e.sessionId,
    timestamp: e.time,
  });
}

function otlp(e: AuditEvent): string {
  const attribute = (key: string, value: string | undefined) =>
    value === undefined ? [] : [{ key, value: { stringValue: value } }];
  const span = {
    traceId: hex(`${e.eventId}/trace`, 32),
    spanId: hex(`${e.eventId}/span`, 16),
    name: e.toolName ? `${e.method} ${e.toolName}` : e.method,
    kind: 2,
    startTimeUnixNano: nanos(e.time),
    endTimeUnixNano: nanos(e.time, Math.round(e.durationMs ?? 0)),
    attributes: [
      ...attribute('mcp.method.name', e.method),
      ...attribute('gen_ai.tool.name', e.toolName),
      ...attribute('mcp.resource.uri', e.resourceUri),
      ...attribute('gen_ai.agent.id', e.agentId),
      ...attribute('user.id', e.onBehalfOf),
      ...attribute('client.address', e.sourceIp),
    ],
    status: { code: e.outcome === 'ok' ? 0 : 2 },
  };
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: attribute('service.name', e.serverId) },
        scopeSpans: [{ scope: { name: 'mcp-server' }, spans: [span] }],
      },
    ],
  });
}

/** The message a source writes for one event, or undefined when it cannot express it. */
export const RENDER: Record<Source, (event: AuditEvent) => string | undefined> = {
  contract: (event) => JSON.stringify(event),
  agentgateway,
  docker,
  otlp,
};
