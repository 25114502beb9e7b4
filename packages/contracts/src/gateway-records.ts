import { z } from 'zod';
import { rfc3339 } from './time';

const text = z.string().min(1);

/**
 * One request log record of agentgateway with `LOG_FORMAT=json`: a flat object
 * whose keys are written by `crates/agentgateway/src/telemetry/log.rs` (request
 * fields) and `crates/core/src/telemetry.rs` (`level`, `time`, `scope`). Only
 * the keys Vigil reads are declared; every other key is kept and ignored.
 */
export const AgentgatewayLogRecord = z.looseObject({
  time: rfc3339,
  scope: z.string().optional(),
  gateway: z.string().optional(),
  route: z.string().optional(),
  'src.addr': z.string().optional(),
  'src.identity': z.string().optional(),
  'http.status': z.number().int().optional(),
  'jwt.sub': z.string().optional(),
  'mcp.method.name': z.string().optional(),
  'mcp.target': z.string().optional(),
  'mcp.resource.type': z.string().optional(),
  'mcp.resource.uri': z.string().optional(),
  'gen_ai.tool.name': z.string().optional(),
  'gen_ai.prompt.name': z.string().optional(),
  'mcp.session.id': z.string().optional(),
  'mcp.error.code': z.number().int().optional(),
  /** Why the gateway answered itself (`JwtAuth`, `Authorization`, `RateLimit`, …); absent for upstream answers. */
  reason: z.string().optional(),
  /** Whole milliseconds with a unit, e.g. `"12ms"`. */
  duration: z
    .string()
    .regex(/^\d+ms$/, 'must be whole milliseconds such as "12ms"')
    .optional(),
});
export type AgentgatewayLogRecord = z.infer<typeof AgentgatewayLogRecord>;

/**
 * Docker MCP Gateway's policy `AuditEvent` (`pkg/policy/audit.go`): one per
 * policy decision on loading a server, calling a tool or getting a prompt.
 * Required here are the fields its Go struct always writes.
 */
export const DockerMcpAuditEvent = z.looseObject({
  actor_type: z.string().optional(),
  actor_id: z.string().optional(),
  org_id: z.string().optional(),
  trigger: z.enum(['load', 'invoke', 'prompt']),
  target_type: z.enum(['server', 'tool', 'prompt']),
  server_name: text,
  tool_name: z.string().optional(),
  prompt_name: z.string().optional(),
  transport: z.string().optional(),
  result: z.enum(['allowed', 'denied']),
  outcome_reason: z.string().optional(),
  policy_id: z.string().optional(),
  client_name: z.string().optional(),
  client_version: z.string().optional(),
  session_id: z.string().optional(),
  trace_id: z.string().optional(),
  timestamp: rfc3339,
});
export type DockerMcpAuditEvent = z.infer<typeof DockerMcpAuditEvent>;
