import { randomUUID } from 'node:crypto';
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { AuditSink } from './audit-sink';
import { RequestAudit, type RpcMessage } from './request-audit';

export interface TapOptions {
  sink: AuditSink;
  /**
   * `server` (default): the transport a server answers requests on. `client`: the
   * transport an agent sends its requests on (the agent is `agentId` or its client name).
   */
  side?: 'server' | 'client';
  serverId?: string;
  agentId?: string;
  gatewayId?: string;
  /** Tool definition hashes shared between connections (`tapServer` shares one per server). */
  toolHashes?: Map<string, string>;
  /** Events that could name no agent or no server (counted, not sent). */
  onUnattributed?(): void;
}

const size = (message: JSONRPCMessage) => Buffer.byteLength(JSON.stringify(message));

/**
 * Wraps an MCP SDK transport so that every request crossing it becomes one of
 * Vigil's audit events, sent through the sink without delaying the message.
 * Pass the wrapper to `server.connect()` (or `client.connect()`) instead of the
 * transport; the SDK sees the same messages as before.
 */
export function tapTransport(transport: Transport, options: TapOptions): Transport {
  const audit = new RequestAudit({ ...options, newEventId: randomUUID });
  const asClient = options.side === 'client';

  function requested(message: JSONRPCMessage, extra?: MessageExtraInfo) {
    audit.request(message as RpcMessage, size(message), Date.now(), extra?.authInfo);
  }
  function answered(message: JSONRPCMessage) {
    const event = audit.response(
      message as RpcMessage,
      size(message),
      Date.now(),
      transport.sessionId,
    );
    if (event === 'unattributed') options.onUnattributed?.();
    else if (event) options.sink.emit(event);
  }
  // The tap must never break the connection it watches.
  const safely = (step: () => void) => {
    try {
      step();
    } catch {
      options.onUnattributed?.();
    }
  };

  const tapped: Transport = {
    start: () => transport.start(),
    close: () => transport.close(),
    async send(message: JSONRPCMessage, sendOptions?: TransportSendOptions) {
      safely(() => (asClient ? requested(message) : answered(message)));
      return transport.send(message, sendOptions);
    },
    get sessionId() {
      return transport.sessionId;
    },
    setProtocolVersion: (version: string) => transport.setProtocolVersion?.(version),
  };
  transport.onmessage = (message, extra) => {
    safely(() => (asClient ? answered(message) : requested(message, extra)));
    tapped.onmessage?.(message, extra);
  };
  transport.onclose = () => tapped.onclose?.();
  transport.onerror = (error) => tapped.onerror?.(error);
  return tapped;
}

/**
 * Taps every transport a server (an SDK `McpServer` or `Server`) is connected
 * to from now on: one call where the server is made.
 */
export function tapServer<S extends { connect(transport: Transport): Promise<void> }>(
  server: S,
  options: Omit<TapOptions, 'side'>,
): S {
  const connect = server.connect.bind(server);
  const shared = { toolHashes: new Map<string, string>(), ...options };
  server.connect = (transport: Transport) => connect(tapTransport(transport, shared));
  return server;
}
