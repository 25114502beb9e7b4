import type { AuditEvent, IdentityEvent } from '@vigil/contracts';
import type { DraftCall, DraftIdentity } from './draft';
import { createIsoFormatter } from './iso-time';
import type { Random } from './random';
import {
  definitionChangeAt,
  serverVersionAt,
  toolSchemaHash,
  type DefinitionChange,
  type VersionBump,
} from './server-definitions';

/** Audit events aligned with the (now time-sorted) calls they came from. */
export interface StampedAudit {
  events: AuditEvent[];
  /** Per event, the definition change it carries, if any. */
  changes: Array<DefinitionChange | undefined>;
}

export interface TimedIdentity {
  event: IdentityEvent;
  timeMs: number;
  mayArriveLate: boolean;
  attackId?: string;
}

/**
 * Sorts `calls` by time (in place) and stamps ids, timestamps, server versions and tool definition
 * hashes on them. Arrays aligned with the calls keep generation lean at a quarter million events.
 */
export function toAuditEvents(
  random: Random,
  calls: DraftCall[],
  baseVersions: ReadonlyMap<string, string>,
  bumps: readonly VersionBump[],
  definitionChanges: readonly DefinitionChange[],
): StampedAudit {
  const isoTime = createIsoFormatter();
  calls.sort((a, b) => a.timeMs - b.timeMs);
  const changes: Array<DefinitionChange | undefined> = new Array(calls.length);
  const events = calls.map((call, index) => {
    const baseVersion = baseVersions.get(call.serverId) ?? '1.0.0';
    // Fields every event has go in one literal; optional ones follow only when present.
    const event: AuditEvent = {
      eventId: random.uuid(),
      time: isoTime(call.timeMs),
      agentId: call.agent.id,
      method: call.method,
      serverId: call.serverId,
      outcome: call.outcome,
      onBehalfOf: call.onBehalfOf,
      requestBytes: call.requestBytes,
      responseBytes: call.responseBytes,
      durationMs: call.durationMs,
      gatewayId: call.agent.gatewayId,
      sourceIp: call.agent.sourceIp,
      serverVersion: serverVersionAt(call.serverId, baseVersion, call.timeMs, bumps),
    };
    if (call.mcpSessionId !== undefined) event.sessionId = call.mcpSessionId;
    if (call.tokenId !== undefined) event.tokenId = call.tokenId;
    if (call.resourceUri !== undefined) event.resourceUri = call.resourceUri;
    if (call.toolName !== undefined) {
      const change = definitionChangeAt(
        call.serverId,
        call.toolName,
        call.timeMs,
        definitionChanges,
      );
      event.toolName = call.toolName;
      event.toolSchemaHash = change?.hash ?? toolSchemaHash(call.serverId, call.toolName);
      changes[index] = change;
    }
    return event;
  });
  return { events, changes };
}

/** Identity drafts (sorted in place) as normalized identity events from the IdP log shipper. */
export function toIdentityEvents(random: Random, drafts: DraftIdentity[]): TimedIdentity[] {
  const isoTime = createIsoFormatter();
  drafts.sort((a, b) => a.timeMs - b.timeMs);
  return drafts.map((draft) => {
    const event: IdentityEvent = {
      eventId: `idp-evt-${random.hex(20)}`,
      time: isoTime(draft.timeMs),
      type: draft.type,
      idp: 'okta',
    };
    if (draft.tokenId !== undefined) event.tokenId = draft.tokenId;
    if (draft.agentId !== undefined) event.agentId = draft.agentId;
    if (draft.userId !== undefined) event.userId = draft.userId;
    if (draft.sessionId !== undefined) event.sessionId = draft.sessionId;
    if (draft.scopes !== undefined) event.scopes = draft.scopes;
    if (draft.expiresMs !== undefined) event.expiresAt = new Date(draft.expiresMs).toISOString();
    return {
      event,
      timeMs: draft.timeMs,
      mayArriveLate: draft.mayArriveLate === true,
      attackId: draft.attackId,
    };
  });
}
