import type { DraftCall, DraftIdentity } from './draft';
import type { Random } from './random';
import { HOUR_MS, MINUTE_MS } from './rhythm';

/** A session idle this long is over; the next call opens a new one with a new token. */
export const SESSION_IDLE_MS = 40 * MINUTE_MS;
const TOKEN_LIFETIME_MS = HOUR_MS;
/** Agents refresh a token this long before it expires, so a benign call never presents an expired token. */
const ROTATE_BEFORE_EXPIRY_MS = 10 * MINUTE_MS;

/** From this time on the (agent, user) pair's session is abandoned silently; an attack tells its story. */
export interface CredentialBreak {
  agentId: string;
  userId: string;
  atMs: number;
}

export interface Credentials {
  identity: DraftIdentity[];
  /** `initialize` and `tools/list` calls that open each MCP session. */
  sessionCalls: DraftCall[];
}

interface OpenSession {
  idpSessionId: string;
  mcpSessionId: string;
  tokenId: string;
  expiresMs: number;
  lastUseMs: number;
}

/**
 * Gives every call that has no pinned token the token its agent would present: sessions open on first
 * use, tokens rotate before expiry, sessions end after the agent stops using them.
 */
export function assignCredentials(
  random: Random,
  calls: readonly DraftCall[],
  breaks: readonly CredentialBreak[],
  endMs: number,
): Credentials {
  const identity: DraftIdentity[] = [];
  const sessionCalls: DraftCall[] = [];

  const issue = (call: DraftCall, atMs: number, idpSessionId: string) => {
    const tokenId = `AT.${random.base62(22)}`;
    const expiresMs = atMs + TOKEN_LIFETIME_MS;
    identity.push({
      timeMs: atMs,
      type: 'token.issued',
      tokenId,
      agentId: call.agent.id,
      userId: call.tokenUser,
      sessionId: idpSessionId,
      scopes: call.agent.kind.scopes,
      expiresMs,
      mayArriveLate: true,
    });
    return { tokenId, expiresMs };
  };

  const end = (session: OpenSession, call: DraftCall) => {
    const atMs = session.lastUseMs + Math.round(random.between(10, 20) * MINUTE_MS);
    if (atMs >= endMs) return;
    identity.push({
      timeMs: atMs,
      type: 'session.ended',
      agentId: call.agent.id,
      userId: call.tokenUser,
      sessionId: session.idpSessionId,
    });
  };

  const open = (call: DraftCall): OpenSession => {
    const idpSessionId = `idp-${random.base62(16)}`;
    const mcpSessionId = `mcp-${random.hex(24)}`;
    const token = issue(call, call.timeMs - random.int(5_000, 15_000), idpSessionId);
    for (const [method, offsetMs, bytes] of [
      ['initialize', 3_000, 600],
      ['tools/list', 2_000, 2_400],
    ] as const) {
      sessionCalls.push({
        ...call,
        method,
        timeMs: call.timeMs - offsetMs,
        toolName: undefined,
        resourceUri: undefined,
        requestBytes: 120,
        responseBytes: bytes + random.int(0, 200),
        durationMs: random.int(8, 40),
        outcome: 'ok',
        tokenId: token.tokenId,
        mcpSessionId,
        idpSessionId,
      });
    }
    return { idpSessionId, mcpSessionId, ...token, lastUseMs: call.timeMs };
  };

  for (const group of groupByCredential(calls).values()) {
    const groupBreaks = breakTimes(breaks, group[0]);
    let session: OpenSession | undefined;
    for (const call of group) {
      let broken = false;
      while ((groupBreaks[0] ?? Infinity) <= call.timeMs) {
        groupBreaks.shift();
        broken = true;
      }
      if (broken) session = undefined;
      if (!session || call.timeMs - session.lastUseMs > SESSION_IDLE_MS) {
        if (session) end(session, call);
        session = open(call);
      } else if (call.timeMs >= session.expiresMs - ROTATE_BEFORE_EXPIRY_MS) {
        Object.assign(
          session,
          issue(call, call.timeMs - random.int(1_000, 3_000), session.idpSessionId),
        );
      }
      call.tokenId = session.tokenId;
      call.mcpSessionId = session.mcpSessionId;
      call.idpSessionId = session.idpSessionId;
      session.lastUseMs = call.timeMs;
    }
    const last = group[group.length - 1];
    if (session && last) end(session, last);
  }
  return { identity, sessionCalls };
}

/** Calls without a pinned token, grouped by (agent, token user) and sorted by time. */
function groupByCredential(calls: readonly DraftCall[]): Map<string, DraftCall[]> {
  const groups = new Map<string, DraftCall[]>();
  for (const call of calls) {
    if (call.tokenId !== undefined) continue;
    const key = `${call.agent.id}|${call.tokenUser}`;
    const group = groups.get(key);
    if (group) group.push(call);
    else groups.set(key, [call]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.timeMs - b.timeMs);
  return groups;
}

function breakTimes(breaks: readonly CredentialBreak[], first: DraftCall | undefined): number[] {
  if (!first) return [];
  return breaks
    .filter((b) => b.agentId === first.agent.id && b.userId === first.tokenUser)
    .map((b) => b.atMs)
    .sort((a, b) => a - b);
}
