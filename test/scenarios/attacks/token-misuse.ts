import {
  afterAnchor,
  burst,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';

/**
 * A token used by the wrong party: agent B presents agent A's token (stolen from a shared cache), or an
 * agent presents its own token on behalf of a user who is not the token's subject (confused deputy).
 */
export const TOKEN_MISUSE_VARIANTS = ['stolen-token', 'confused-deputy'] as const;

export function planTokenMisuse(ctx: AttackContext, id: string, variant: string): PlannedAttack {
  const r = ctx.random;
  const attacker = pickAttacker(ctx);
  const { agent, anchor } = attacker;
  const count = r.int(5, 8);

  if (variant === 'confused-deputy') {
    const others = [...ctx.population.usersByKind.entries()]
      .filter(([kind]) => kind !== agent.kind.name)
      .flatMap(([, users]) => users)
      .filter((user) => !ctx.disabledUsers.has(user));
    const stranger = r.pick(others);
    return {
      id,
      kind: 'token_misuse',
      agentId: agent.id,
      description: `${agent.id} presents ${anchor.tokenUser}'s token on behalf of ${stranger}`,
      calls: burst(r, {
        ...afterAnchor(r, id, attacker),
        count,
        gapMs: [20_000, 40_000],
        shape: () => ({ onBehalfOf: stranger }),
      }),
      breaks: [],
    };
  }

  // The victim works at the same time, so its token is live when the thief presents it.
  const victim = pickAttacker(ctx, (candidate) => candidate.kind === agent.kind);
  const mcpSessionId = `mcp-${r.hex(24)}`;
  return {
    id,
    kind: 'token_misuse',
    agentId: agent.id,
    description: `${agent.id} presents a token issued to ${victim.agent.id} for ${victim.anchor.tokenUser}`,
    calls: [],
    breaks: [],
    complete: () => ({
      identity: [],
      calls: burst(r, {
        attackId: id,
        agent,
        user: victim.anchor.tokenUser,
        startMs: victim.anchor.timeMs + r.int(30_000, 90_000),
        count,
        gapMs: [20_000, 40_000],
        shape: () => ({ tokenId: victim.anchor.tokenId, mcpSessionId }),
      }),
    }),
  };
}
