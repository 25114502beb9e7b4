import type { DraftCall, DraftIdentity } from '../draft';
import { HOUR_MS } from '../rhythm';
import { burst, pickAttacker, type AttackContext, type PlannedAttack } from './attack-context';

export const PRINCIPAL_FANOUT_VARIANTS = ['burst', 'slow'] as const;

/**
 * An agent that normally serves one to three people suddenly acts for dozens, each with a freshly
 * exchanged token: a compromised agent harvesting users' data. `burst`: about fifty users within ten
 * minutes. `slow`: an agent serving one or two people acts for about thirty in an hour, some five per
 * ten-minute window, so only the hour (or the day) stands out.
 */
export function planPrincipalFanout(
  ctx: AttackContext,
  id: string,
  variant: string,
): PlannedAttack {
  const r = ctx.random;
  const slow = variant === 'slow';
  const { agent, anchor } = pickAttacker(ctx, (candidate) => !slow || candidate.users.length <= 2);
  const users = r.sample(
    [...ctx.population.usersByKind.values()]
      .flat()
      .filter((user) => !agent.users.includes(user) && !ctx.disabledUsers.has(user)),
    slow ? r.int(28, 32) : r.int(45, 55),
  );
  // Burst: a user every 6-10 s. Slow: a user every ~2 minutes, about five per ten-minute window.
  const gapMs: [number, number] = slow ? [100_000, 135_000] : [6_000, 10_000];
  const complete = () => {
    const calls: DraftCall[] = [];
    const identity: DraftIdentity[] = [];
    let timeMs = anchor.timeMs + r.int(30_000, 90_000);
    for (const user of users) {
      const tokenId = `AT.${r.base62(22)}`;
      const issuedMs = timeMs - r.int(1_000, 3_000);
      identity.push({
        timeMs: issuedMs,
        type: 'token.issued',
        tokenId,
        agentId: agent.id,
        userId: user,
        sessionId: `idp-${r.base62(16)}`,
        scopes: agent.kind.scopes,
        expiresMs: issuedMs + HOUR_MS,
        attackId: id,
      });
      const mcpSessionId = `mcp-${r.hex(24)}`;
      calls.push(
        ...burst(r, {
          attackId: id,
          agent,
          user,
          startMs: timeMs,
          count: r.int(1, 2),
          gapMs: [2_000, 5_000],
          shape: () => ({ tokenId, mcpSessionId }),
        }),
      );
      timeMs += r.int(gapMs[0], gapMs[1]);
    }
    return { calls, identity };
  };
  return {
    id,
    kind: 'principal_fanout',
    agentId: agent.id,
    description: slow
      ? `${agent.id} acts for ${users.length} different users within an hour: slow fan-out`
      : `${agent.id} acts for ${users.length} different users within ten minutes`,
    calls: [],
    breaks: [],
    complete,
  };
}
