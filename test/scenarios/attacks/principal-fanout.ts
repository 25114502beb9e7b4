import type { DraftCall, DraftIdentity } from '../draft';
import { HOUR_MS } from '../rhythm';
import { burst, pickAttacker, type AttackContext, type PlannedAttack } from './attack-context';

/**
 * An agent that normally serves one to three people suddenly acts for dozens within minutes, each with a
 * freshly exchanged token: a compromised agent harvesting users' data.
 */
export function planPrincipalFanout(ctx: AttackContext, id: string): PlannedAttack {
  const r = ctx.random;
  const { agent, anchor } = pickAttacker(ctx);
  const users = r.sample(
    [...ctx.population.usersByKind.values()]
      .flat()
      .filter((user) => !agent.users.includes(user) && !ctx.disabledUsers.has(user)),
    r.int(45, 55),
  );
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
      timeMs += r.int(6_000, 10_000);
    }
    return { calls, identity };
  };
  return {
    id,
    kind: 'principal_fanout',
    agentId: agent.id,
    description: `${agent.id} acts for ${users.length} different users within ten minutes`,
    calls: [],
    breaks: [],
    complete,
  };
}
