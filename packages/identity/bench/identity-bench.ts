/**
 * enrich() throughput over 100,000 live tokens, and heap bytes per live token.
 * Run: npm run bench -w @vigil/identity   (or: node --expose-gc --import tsx bench/identity-bench.ts)
 */
import type { AuditEvent, IdentityEvent } from '@vigil/contracts';
import { createIdentityState } from '../src/index';
import { seededRandom } from '@vigil/streaming';

const TOKENS = 100_000;
const USERS = 10_000;
const AGENTS = 500;
const AUDIT_EVENTS = 500_000;
const BASE_MS = Date.parse('2026-03-02T09:00:00.000Z');
const SCOPE_SETS = [
  ['mcp:tools.read'],
  ['mcp:tools.read', 'mcp:resources.read'],
  ['tickets:read', 'tickets:write'],
];

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const random = seededRandom(42);
const iso = (ms: number) => new Date(ms).toISOString();
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function tokenIssued(i: number): IdentityEvent {
  const issuedMs = BASE_MS + Math.floor(random() * 600_000);
  const user = Math.floor(random() * USERS);
  return {
    eventId: `okta-${i}`,
    time: iso(issuedMs),
    type: 'token.issued',
    tokenId: `AT.${i.toString(36).padStart(8, '0')}Wq3sJk9yUe1m0ZbR7vXc`,
    agentId: `0oa${(i % AGENTS).toString().padStart(6, '0')}mcpAgent0h7`,
    userId: `00u${user.toString().padStart(7, '0')}Us3r0h7`,
    sessionId: `102${user.toString().padStart(7, '0')}S${i % 2}`,
    scopes: pick(SCOPE_SETS),
    expiresAt: iso(issuedMs + 3_600_000),
    idp: 'okta',
  };
}

const state = createIdentityState();
// Identity events enter with their time parsed (parseIdentityMessage), as here.
const apply = (event: IdentityEvent) => state.apply(event, Date.parse(event.time));
const before = heapUsed();
for (let i = 0; i < TOKENS; i++) apply(tokenIssued(i));
const afterTokens = heapUsed();

// Delegations (with actor chains), ended sessions and disabled users, so enrich() does every lookup it does in production.
for (let u = 0; u < USERS; u++) {
  const user = `00u${u.toString().padStart(7, '0')}Us3r0h7`;
  for (let d = 0; d < 2; d++) {
    const agent = `0oa${((u * 7 + d) % AGENTS).toString().padStart(6, '0')}mcpAgent0h7`;
    apply({
      eventId: `consent-${u}-${d}`,
      time: iso(BASE_MS),
      type: 'delegation.granted',
      userId: user,
      agentId: agent,
      actorChain: [agent, 'orchestrator'],
    });
  }
  if (u % 5 === 0)
    apply({
      eventId: `logout-${u}`,
      time: iso(BASE_MS + 1_200_000),
      type: 'session.ended',
      sessionId: `102${u.toString().padStart(7, '0')}S0`,
      userId: user,
    });
  if (u % 50 === 0)
    apply({
      eventId: `disable-${u}`,
      time: iso(BASE_MS + 1_500_000),
      type: 'user.disabled',
      userId: user,
    });
}
const afterContext = heapUsed();

const audits: AuditEvent[] = [];
for (let i = 0; i < AUDIT_EVENTS; i++) {
  const token = Math.floor(random() * TOKENS);
  audits.push({
    eventId: `evt-${i}`,
    time: iso(BASE_MS + 600_000 + Math.floor(random() * 1_800_000)),
    agentId: `0oa${(token % AGENTS).toString().padStart(6, '0')}mcpAgent0h7`,
    method: 'tools/call',
    serverId: 'srv-1',
    outcome: 'ok',
    tokenId: `AT.${token.toString(36).padStart(8, '0')}Wq3sJk9yUe1m0ZbR7vXc`,
  });
}

// Warm-up pass on a slice, so the JIT has settled before timing.
// Times arrive parsed (the collector parses each once), so the timing leaves parsing out.
const times = audits.map((event) => Date.parse(event.time));
for (let i = 0; i < 20_000; i++) state.enrich(audits[i] as AuditEvent, times[i] as number);
const statuses = new Map<string, number>();
const start = performance.now();
for (const [i, event] of audits.entries()) {
  const status = state.enrich(event, times[i] as number).tokenStatus;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}
const elapsedMs = performance.now() - start;
audits.length = 0;
const afterUses = heapUsed();

const perToken = (afterTokens - before) / TOKENS;
const perTokenWithUses = (afterUses - afterContext + afterTokens - before) / TOKENS;
console.log(
  `identity bench: ${TOKENS.toLocaleString()} live tokens, ${USERS.toLocaleString()} users, ${AGENTS} agents`,
);
if (!gc) console.log('warning: run with node --expose-gc for accurate heap figures');
console.log(
  `enrich(): ${Math.round(AUDIT_EVENTS / (elapsedMs / 1000)).toLocaleString()} events/s (${AUDIT_EVENTS.toLocaleString()} events in ${elapsedMs.toFixed(0)} ms)`,
);
console.log(`heap per live token: ${Math.round(perToken)} bytes (issued only)`);
console.log(
  `heap per live token with remembered uses: ${Math.round(perTokenWithUses)} bytes (up to ${8} uses each)`,
);
console.log(`verdicts: ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(
  `heap for ${(USERS * 2).toLocaleString()} delegations, ended sessions and disabled users: ${Math.round((afterContext - afterTokens) / 1024)} KiB`,
);
console.log(`stats: ${JSON.stringify(state.stats())}`);
