import type { AuditEvent, IdentityEvent } from '@vigil/contracts';

/**
 * The latency benchmark's benign fleet, pure (times are passed in).
 *
 * Warm agents live on `crm-mcp` with a day of history behind them: mature,
 * with baselines of their own, so every kind can fire for them, and each
 * attack uses a warm agent of its own (one alert per agent and suppression
 * window). They call once every `WARM_CADENCE_MS`, in history and live alike.
 *
 * The live rate comes from load agents on `docs-mcp`: a live rate of thousands
 * of events/s cannot have a day of history at the same rate seeded in seconds,
 * so the load agents are newcomers. The warm agents also read `docs-mcp`, so
 * its server, tool and page shapes are established and a newcomer using them
 * is not new; and no mature agent has `docs-mcp` as its main server, so the
 * newcomers have no mature peers to be compared with and their volume is not
 * judged. Their responses stay far under the per-call payload floor.
 */
export const WARM_CADENCE_MS = 120_000;
/** History before the live phase: past the one-day warm-up, and a day of hourly baselines. */
export const HISTORY_MS = 26 * 3_600_000;
const SPACES = ['eng', 'sales', 'ops', 'legal'];
export const CRM_TOOL_HASH = 'sha256:crm-get_account-v1';

export const warmAgent = (i: number) => `warm-${String(i).padStart(3, '0')}`;
export const loadAgent = (i: number) => `load-${String(i).padStart(3, '0')}`;
export const tokenOf = (agentId: string) => `jti-${agentId}`;
export const userOf = (agentId: string) => `user-of-${agentId}`;

/** A small deterministic spread (Knuth's multiplicative hash), for sizes and ids. */
export const spread = (n: number, modulo: number) => ((n * 2_654_435_761) >>> 0) % modulo;

function baseEvent(agentId: string, n: number, timeMs: number): AuditEvent {
  return {
    eventId: `${agentId}-${timeMs}-${n}`,
    time: new Date(timeMs).toISOString(),
    agentId,
    method: 'tools/call',
    serverId: 'crm-mcp',
    outcome: 'ok',
    sessionId: `s-${agentId}`,
    tokenId: tokenOf(agentId),
    onBehalfOf: userOf(agentId),
    requestBytes: 180,
    durationMs: 15,
    gatewayId: 'gw-bench',
  };
}

/** A warm agent's `n`-th call: account lookups and searches, every fifth a docs page. */
export function warmCall(agentId: string, n: number, timeMs: number): AuditEvent {
  if (n % 5 === 4) return docsRead(agentId, n, timeMs);
  const lookup = n % 2 === 0;
  return {
    ...baseEvent(agentId, n, timeMs),
    toolName: lookup ? 'get_account' : 'search_accounts',
    resourceUri: `crm://accounts/${100_000 + spread(n + agentId.length * 7_919, 50_000)}`,
    responseBytes: 1_500 + spread(n, 6_000),
    ...(lookup && { toolSchemaHash: CRM_TOOL_HASH }),
  };
}

/** A page read on `docs-mcp`: what load agents do all the time and warm agents now and then. */
export function docsRead(agentId: string, n: number, timeMs: number): AuditEvent {
  return {
    ...baseEvent(agentId, n, timeMs),
    serverId: 'docs-mcp',
    toolName: 'read_page',
    resourceUri: `docs://spaces/${SPACES[n % SPACES.length]}/pages/${spread(n, 90_000)}`,
    responseBytes: 800 + spread(n, 3_000),
  };
}

/** Every agent's token, issued before the history starts and valid far beyond the run. */
export function tokenIssued(agentId: string, atMs: number): IdentityEvent {
  return {
    eventId: `issued-${agentId}`,
    time: new Date(atMs).toISOString(),
    type: 'token.issued',
    tokenId: tokenOf(agentId),
    agentId,
    userId: userOf(agentId),
    sessionId: `idp-${agentId}`,
    expiresAt: new Date(atMs + 30 * 86_400_000).toISOString(),
  };
}

/** The warm agents' history from `fromMs` to `toMs`, in event-time order. */
export function warmHistory(agents: number, fromMs: number, toMs: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let t = fromMs; t < toMs; t += WARM_CADENCE_MS) {
    for (let i = 0; i < agents; i++) {
      // Staggered so the fleet's calls spread over the cadence; the first call of each is on crm-mcp.
      const at = t + Math.floor((i * WARM_CADENCE_MS) / agents);
      if (at < toMs)
        events.push(warmCall(warmAgent(i), Math.round((at - fromMs) / WARM_CADENCE_MS), at));
    }
  }
  return events.sort((a, b) => a.time.localeCompare(b.time));
}
