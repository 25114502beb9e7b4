import type { AnomalyKind, AuditEvent, IdentityEvent } from '@vigil/contracts';
import { loadAgent, tokenOf, warmCall } from './fleet';

/** The kinds the detector reports at the event itself, and those of a window (judged early). */
export const PER_EVENT_KINDS = [
  'payload_size',
  'new_resource',
  'token_misuse',
  'revoked_token',
  'tool_definition_changed',
] as const satisfies readonly AnomalyKind[];
export const WINDOW_KINDS = [
  'call_volume',
  'principal_fanout',
] as const satisfies readonly AnomalyKind[];
export const ATTACK_KINDS = [...PER_EVENT_KINDS, ...WINDOW_KINDS];
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** Calls of a burst, and how long it takes: 150 calls/s, far over the 100-call floor in a warm agent's window of ~5. */
const BURST_CALLS = 300;
const FANOUT_USERS = 40;
export const BURST_SPREAD_MS = 2_000;

/** One attack: identity events first (a revocation), then audit events, each at its own time. */
export interface AttackPlan {
  kind: AttackKind;
  agentId: string;
  /** Sent just before the audit events, with the attack's start time. */
  identity(timeMs: number): IdentityEvent[];
  /** Offsets (ms from the attack's start) and builders of its audit events, event time = send time. */
  audit: Array<{ afterMs: number; build(timeMs: number): AuditEvent }>;
}

/**
 * The attack of `kind` by warm agent `agentId` (the `n`-th attack of the run,
 * which keeps new hashes, servers and tokens apart between attacks).
 */
export function planAttack(kind: AttackKind, agentId: string, n: number): AttackPlan {
  const call = (timeMs: number, i = 0) => ({
    ...warmCall(agentId, 10_000 + i, timeMs),
    eventId: `attack-${n}-${i}`,
  });
  const once = (change: (event: AuditEvent) => AuditEvent) => [
    { afterMs: 0, build: (timeMs: number) => change(call(timeMs)) },
  ];
  switch (kind) {
    case 'payload_size':
      return plan(
        kind,
        agentId,
        once((e) => ({ ...e, toolName: 'get_account', responseBytes: 60_000_000 })),
      );
    case 'new_resource':
      return plan(
        kind,
        agentId,
        once((e) => ({
          ...e,
          serverId: `vault-mcp-${n}`,
          toolName: 'read_secret',
          resourceUri: `vault://secrets/prod/db-${n}`,
          responseBytes: 900,
        })),
      );
    case 'token_misuse':
      // A load agent's token, presented by this agent.
      return plan(
        kind,
        agentId,
        once((e) => ({ ...e, tokenId: tokenOf(loadAgent(n % 100)) })),
      );
    case 'revoked_token':
      // The agent's own token is revoked, and the agent goes on using it right after.
      return {
        ...plan(
          kind,
          agentId,
          once((e) => e),
        ),
        identity: (timeMs) => [
          {
            eventId: `revoke-${n}`,
            time: new Date(timeMs - 1).toISOString(),
            type: 'token.revoked',
            tokenId: tokenOf(agentId),
            agentId,
          },
        ],
      };
    case 'tool_definition_changed':
      return plan(
        kind,
        agentId,
        once((e) => ({
          ...e,
          toolName: 'get_account',
          toolSchemaHash: `sha256:crm-get_account-rug-${n}`,
        })),
      );
    case 'call_volume':
      return plan(
        kind,
        agentId,
        spreadOver(BURST_CALLS, (timeMs, i) => ({
          ...call(timeMs, i),
          toolName: 'search_accounts',
        })),
      );
    case 'principal_fanout':
      // Delegated calls for many users, with no token of one subject (that would be token misuse).
      return plan(
        kind,
        agentId,
        spreadOver(FANOUT_USERS, (timeMs, i) => {
          const { tokenId: _token, ...event } = call(timeMs, i);
          return { ...event, onBehalfOf: `customer-${n}-${i}` };
        }),
      );
  }
}

function plan(kind: AttackKind, agentId: string, audit: AttackPlan['audit']): AttackPlan {
  return { kind, agentId, identity: () => [], audit };
}

function spreadOver(
  count: number,
  build: (timeMs: number, i: number) => AuditEvent,
): AttackPlan['audit'] {
  return Array.from({ length: count }, (_, i) => ({
    afterMs: Math.floor((i * BURST_SPREAD_MS) / count),
    build: (timeMs: number) => build(timeMs, i),
  }));
}
