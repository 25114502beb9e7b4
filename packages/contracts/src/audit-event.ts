import { z } from 'zod';
import { rfc3339 } from './time';

const requiredText = z.string().min(1);

/** One MCP request that passed through a gateway (topic `mcp.audit.v1`). Unknown fields are kept. */
export const AuditEvent = z.looseObject({
  eventId: z.string().min(1).max(128),
  time: rfc3339,
  agentId: requiredText,
  method: requiredText,
  serverId: requiredText,
  outcome: z.enum(['ok', 'error', 'denied']),
  toolName: z.string().optional(),
  resourceUri: z.string().optional(),
  sessionId: z.string().optional(),
  tokenId: z.string().optional(),
  onBehalfOf: z.string().optional(),
  requestBytes: z.number().int().nonnegative().optional(),
  responseBytes: z.number().int().nonnegative().optional(),
  durationMs: z.number().nonnegative().optional(),
  gatewayId: z.string().optional(),
  sourceIp: z.string().optional(),
  serverVersion: z.string().optional(),
  toolSchemaHash: z.string().optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Messages above this size are not events (contract: "larger than 1 MiB"). */
export const MAX_AUDIT_MESSAGE_BYTES = 1024 * 1024;
