import { AGENT_KINDS } from '../agent-kinds';
import {
  burst,
  busiestTool,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';

const SECRETS = ['secrets://vault/prod/db-password', 'secrets://vault/prod/stripe-api-key'];

/** An agent reaches for something it never touched: the production vault, or another team's server. */
export function planNewResource(ctx: AttackContext, id: string, variant: number): PlannedAttack {
  const { agent, anchor } = pickAttacker(ctx);
  const r = ctx.random;
  const startMs = anchor.timeMs + r.int(30_000, 90_000);

  if (variant % 2 === 0) {
    const calls = burst(r, {
      attackId: id,
      agent,
      user: anchor.tokenUser,
      startMs,
      count: SECRETS.length,
      gapMs: [10_000, 40_000],
      shape: (_call, i) => ({
        method: 'resources/read',
        serverId: 'vault-mcp',
        toolName: undefined,
        resourceUri: SECRETS[i],
        responseBytes: r.int(180, 420),
      }),
    });
    return {
      id,
      kind: 'new_resource',
      agentId: agent.id,
      description: `${agent.id} reads production secrets from vault-mcp, a server it never used`,
      calls,
      breaks: [],
    };
  }

  const foreign = AGENT_KINDS[(AGENT_KINDS.indexOf(agent.kind) + 1) % AGENT_KINDS.length];
  if (!foreign) throw new Error('no foreign agent kind');
  const tool = busiestTool(foreign);
  const calls = burst(r, {
    attackId: id,
    agent,
    user: anchor.tokenUser,
    startMs,
    count: r.int(3, 5),
    gapMs: [15_000, 45_000],
    tool,
    focus: foreign.focus(r, foreign.workingSet(r)),
    shape: () => ({ serverId: foreign.serverId }),
  });
  return {
    id,
    kind: 'new_resource',
    agentId: agent.id,
    description: `${agent.id} calls ${foreign.serverId} ${tool.toolName ?? tool.method}, a server outside its work`,
    calls,
    breaks: [],
  };
}
