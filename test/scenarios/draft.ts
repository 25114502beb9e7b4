import type { AuditEvent, IdentityEventType } from '@vigil/contracts';
import type { Agent } from './population';

/** An audit event before ids, hashes and versions are stamped on it. */
export interface DraftCall {
  timeMs: number;
  agent: Agent;
  method: string;
  serverId: string;
  toolName?: string;
  resourceUri?: string;
  requestBytes: number;
  responseBytes: number;
  durationMs: number;
  outcome: AuditEvent['outcome'];
  /** Whose token the agent presents; credentials are tracked per (agent, tokenUser). */
  tokenUser: string;
  /** Whom the gateway believes the agent acts for; differs from tokenUser only in attacks. */
  onBehalfOf: string;
  /** Assigned by the credential pass, or pinned by an attack that presents a specific token. */
  tokenId?: string;
  /** MCP session id, what the gateway logs; not the identity provider's session. */
  mcpSessionId?: string;
  /** The identity provider's session the token belongs to (what `session.ended` ends). */
  idpSessionId?: string;
  attackId?: string;
}

/** An identity event before it gets an id and RFC 3339 timestamps. */
export interface DraftIdentity {
  timeMs: number;
  type: IdentityEventType;
  tokenId?: string;
  agentId?: string;
  userId?: string;
  sessionId?: string;
  scopes?: string[];
  expiresMs?: number;
  /** Some token issuances reach Kafka minutes after the calls that use them. */
  mayArriveLate?: boolean;
  attackId?: string;
}
