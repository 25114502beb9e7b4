import {
  burst,
  busiestTool,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';

/** A runaway loop or scraping: hundreds of calls of one tool within ten minutes. */
export function planCallVolume(ctx: AttackContext, id: string): PlannedAttack {
  const { agent, anchor } = pickAttacker(ctx);
  const r = ctx.random;
  const tool = busiestTool(agent.kind);
  const count = r.int(420, 480);
  const calls = burst(r, {
    attackId: id,
    agent,
    user: anchor.tokenUser,
    startMs: anchor.timeMs + r.int(30_000, 90_000),
    count,
    // About one call a second: 420-480 calls take 7-9 minutes.
    gapMs: [800, 1_300],
    tool,
  });
  return {
    id,
    kind: 'call_volume',
    agentId: agent.id,
    description: `${agent.id} calls ${tool.toolName ?? tool.method} ${count} times in under ten minutes`,
    calls,
    breaks: [],
  };
}
