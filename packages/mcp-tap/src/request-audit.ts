import type { AuditEvent } from '@vigil/contracts';
import { tokenHash, toolDefinitionHash, type ToolDefinition } from './tool-definition-hash';

/** What the SDK knows of the caller's credentials (`AuthInfo` of @modelcontextprotocol/sdk). */
export interface CallerAuth {
  token: string;
  clientId: string;
  extra?: Record<string, unknown>;
}

/** One JSON-RPC message as the tap sees it: only the members it reads. */
export interface RpcMessage {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: unknown;
}

export interface RequestAuditOptions {
  /** The server's id in Vigil; default: the name in the server's `initialize` answer. */
  serverId?: string;
  /** The agent's id when neither the token nor the client's `initialize` names it. */
  agentId?: string;
  gatewayId?: string;
  /**
   * Tool name → definition hash, from the `tools/list` answers seen; shared by
   * all connections of one server, so a call on one connection carries the hash
   * of the definition listed on another.
   */
  toolHashes?: Map<string, string>;
  /** A new unique event id. */
  newEventId(): string;
}

interface Pending {
  method: string;
  params: Record<string, unknown>;
  startedAt: number;
  requestBytes: number;
  auth?: CallerAuth;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The audit events of one MCP connection, from the requests and answers that
 * cross it. Pure apart from the event ids it is given: times and sizes are
 * passed in. It learns the client and server names from `initialize` and the
 * tools' definition hashes from every `tools/list` answer, so each later
 * `tools/call` carries the hash of the definition last listed.
 */
export class RequestAudit {
  private readonly pending = new Map<string | number, Pending>();
  private readonly toolHashes: Map<string, string>;
  private clientName?: string;
  private server?: { name?: string; version?: string };

  constructor(private readonly options: RequestAuditOptions) {
    this.toolHashes = options.toolHashes ?? new Map();
  }

  /** A request on its way to the server. */
  request(message: RpcMessage, bytes: number, at: number, auth?: CallerAuth): void {
    if (message.id === undefined || message.method === undefined) return;
    const params = message.params ?? {};
    if (message.method === 'initialize') {
      this.clientName = text((params.clientInfo as { name?: unknown } | undefined)?.name);
    }
    this.pending.set(message.id, {
      method: message.method,
      params,
      startedAt: at,
      requestBytes: bytes,
      auth,
    });
  }

  /**
   * The server's answer to a request seen before → its audit event, or the
   * reason there is none (`unattributed`: no agent or server could be named).
   */
  response(
    message: RpcMessage,
    bytes: number,
    at: number,
    sessionId?: string,
  ): AuditEvent | 'unattributed' | undefined {
    if (message.id === undefined || message.method !== undefined) return undefined;
    const request = this.pending.get(message.id);
    if (!request) return undefined;
    this.pending.delete(message.id);
    this.learn(request.method, message.result);
    const agentId = text(request.auth?.clientId) ?? this.clientName ?? text(this.options.agentId);
    const serverId = text(this.options.serverId) ?? text(this.server?.name);
    if (!agentId || !serverId) return 'unattributed';
    const { params, auth } = request;
    const toolName = request.method === 'tools/call' ? text(params.name) : undefined;
    return {
      eventId: this.options.newEventId(),
      time: new Date(request.startedAt).toISOString(),
      agentId,
      method: request.method,
      serverId,
      outcome: message.error !== undefined || message.result?.isError === true ? 'error' : 'ok',
      ...defined({
        toolName,
        promptName: request.method === 'prompts/get' ? text(params.name) : undefined,
        resourceUri: text(params.uri),
        sessionId: text(sessionId),
        tokenId: auth ? (text(auth.extra?.jti) ?? tokenHash(auth.token)) : undefined,
        onBehalfOf: text(auth?.extra?.sub),
        requestBytes: request.requestBytes,
        responseBytes: bytes,
        durationMs: Math.max(0, at - request.startedAt),
        gatewayId: text(this.options.gatewayId),
        serverVersion: text(this.server?.version),
        toolSchemaHash: toolName ? this.toolHashes.get(toolName) : undefined,
      }),
    };
  }

  private learn(method: string, result: Record<string, unknown> | undefined): void {
    if (!result) return;
    if (method === 'initialize') {
      this.server = result.serverInfo as { name?: string; version?: string } | undefined;
    } else if (method === 'tools/list' && Array.isArray(result.tools)) {
      for (const tool of result.tools as ToolDefinition[]) {
        if (typeof tool?.name === 'string')
          this.toolHashes.set(tool.name, toolDefinitionHash(tool));
      }
    }
  }
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
