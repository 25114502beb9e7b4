import type { DraftCall, DraftIdentity } from '../draft';
import { SESSION_IDLE_MS } from '../credentials';
import { MINUTE_MS } from '../rhythm';
import { burst, pickAttacker, type AttackContext, type PlannedAttack } from './attack-context';

export const REVOKED_TOKEN_VARIANTS = [
  'revoked',
  'expired',
  'session-ended',
  'user-disabled',
] as const;
type Reason = (typeof REVOKED_TOKEN_VARIANTS)[number];
/** The agent's normal work for the user pauses this long after the break, so no benign call inherits it. */
const QUIET_MS = 30 * MINUTE_MS;
/** A token used this long before the break has surely expired by the time the attack presents it. */
const STALE_MS = 80 * MINUTE_MS;

/** An agent keeps presenting a token after it was revoked, expired, lost its session or its user. */
export function planRevokedToken(ctx: AttackContext, id: string, variant: string): PlannedAttack {
  const r = ctx.random;
  let reason: Reason = REVOKED_TOKEN_VARIANTS.find((v) => v === variant) ?? 'revoked';
  // Disabling a user must not disturb other attacks: none of the attacker's users serves a reserved agent.
  const { agent, anchor } = pickAttacker(
    ctx,
    (candidate) =>
      reason !== 'user-disabled' || !candidate.users.some((u) => servesReservedAgent(ctx, u)),
    // An expired token is cleanest inside one long session: its session has not ended, it just expired.
    (index, calls) =>
      reason !== 'expired' || continuousBefore(calls, index, STALE_MS + 5 * MINUTE_MS),
  );
  const user = anchor.tokenUser;
  const breakMs = anchor.timeMs + r.int(30_000, 90_000);

  const stale = lastCallBefore(ctx.callsByAgent.get(agent.id), user, breakMs - STALE_MS);
  if (reason === 'expired' && !stale) reason = 'revoked';
  if (reason === 'user-disabled') ctx.disabledUsers.add(user);

  const displaces =
    reason === 'user-disabled'
      ? (call: DraftCall) => call.tokenUser === user && call.timeMs >= breakMs
      : (call: DraftCall) =>
          call.agent === agent &&
          call.tokenUser === user &&
          call.timeMs >= breakMs &&
          call.timeMs < breakMs + QUIET_MS;

  const complete = () => {
    const presented = reason === 'expired' && stale ? stale : anchor;
    const identity: DraftIdentity[] = [];
    const base = { timeMs: breakMs, agentId: agent.id, userId: user, attackId: id };
    if (reason === 'revoked')
      identity.push({ ...base, type: 'token.revoked', tokenId: presented.tokenId });
    if (reason === 'session-ended') {
      identity.push({ ...base, type: 'session.ended', sessionId: presented.idpSessionId });
    }
    if (reason === 'user-disabled')
      identity.push({ ...base, type: 'user.disabled', agentId: undefined });
    const calls = burst(r, {
      attackId: id,
      agent,
      user,
      startMs: breakMs + r.int(30_000, 60_000),
      count: r.int(4, 7),
      gapMs: [20_000, 45_000],
      shape: () => ({ tokenId: presented.tokenId, mcpSessionId: presented.mcpSessionId }),
    });
    return { identity, calls };
  };

  return {
    id,
    kind: 'revoked_token',
    agentId: agent.id,
    description: `${agent.id} keeps using a token for ${user} after ${describe(reason)}`,
    calls: [],
    breaks: [{ agentId: agent.id, userId: user, atMs: breakMs }],
    displaces,
    complete,
  };
}

function describe(reason: Reason): string {
  switch (reason) {
    case 'revoked':
      return 'it was revoked';
    case 'expired':
      return 'it expired';
    case 'session-ended':
      return 'its session ended';
    case 'user-disabled':
      return 'the user was disabled';
  }
}

function lastCallBefore(
  calls: readonly DraftCall[] | undefined,
  user: string,
  beforeMs: number,
): DraftCall | undefined {
  let found: DraftCall | undefined;
  for (const call of calls ?? []) {
    if (call.timeMs >= beforeMs) break;
    if (call.tokenUser === user) found = call;
  }
  return found;
}

function servesReservedAgent(ctx: AttackContext, user: string): boolean {
  return ctx.population.agents.some(
    (agent) => ctx.reservedAgents.has(agent.id) && agent.users.includes(user),
  );
}

/** Whether the agent worked for the call's user without a session-ending gap for `spanMs` before it. */
function continuousBefore(calls: readonly DraftCall[], index: number, spanMs: number): boolean {
  const call = calls[index];
  if (!call) return false;
  let nextMs = call.timeMs;
  for (let i = index - 1; i >= 0; i--) {
    const earlier = calls[i];
    if (!earlier || earlier.tokenUser !== call.tokenUser) continue;
    if (nextMs - earlier.timeMs > SESSION_IDLE_MS) return false;
    if (call.timeMs - earlier.timeMs >= spanMs) return true;
    nextMs = earlier.timeMs;
  }
  return false;
}
