import type { AgentKind, ToolProfile } from '../agent-kinds';
import {
  afterAnchor,
  burst,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';

export const NEW_RESOURCE_VARIANTS = ['vault', 'foreign-server', 'new-branch'] as const;

const SECRETS = ['secrets://vault/prod/db-password', 'secrets://vault/prod/stripe-api-key'];

/**
 * An agent reaches for something it never touched: the production vault (`vault`), another team's
 * server (`foreign-server`), or a sensitive branch of a server it uses every day (`new-branch`: a
 * low-cardinality path such as the cluster's secrets next to the pods it reads all the time).
 */
export function planNewResource(ctx: AttackContext, id: string, variant: string): PlannedAttack {
  if (variant === 'foreign-server') return planForeignServer(ctx, id);
  if (variant === 'new-branch' && ctx.kinds.some((kind) => kind.sensitive)) {
    return planNewBranch(ctx, id);
  }
  return planVault(ctx, id);
}

function planVault(ctx: AttackContext, id: string): PlannedAttack {
  const attacker = pickAttacker(ctx);
  const { agent } = attacker;
  const r = ctx.random;
  const calls = burst(r, {
    ...afterAnchor(r, id, attacker),
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

function planForeignServer(ctx: AttackContext, id: string): PlannedAttack {
  const attacker = pickAttacker(ctx);
  const { agent, anchor } = attacker;
  const r = ctx.random;
  const startMs = anchor.timeMs + r.int(30_000, 90_000);
  const { kind: foreign, tool } = foreignTool(ctx.kinds, agent.kind);
  const serverId = tool.serverId ?? foreign.serverId;
  const calls = burst(r, {
    attackId: id,
    agent,
    user: anchor.tokenUser,
    startMs,
    count: r.int(3, 5),
    gapMs: [15_000, 45_000],
    tool,
    focus: foreign.focus(r, foreign.workingSet(r), startMs),
    shape: () => ({ serverId }),
  });
  return {
    id,
    kind: 'new_resource',
    agentId: agent.id,
    description: `${agent.id} calls ${serverId} ${tool.toolName ?? tool.method}, a server outside its work`,
    calls,
    breaks: [],
  };
}

function planNewBranch(ctx: AttackContext, id: string): PlannedAttack {
  const attacker = pickAttacker(ctx, (candidate) => candidate.kind.sensitive !== undefined);
  const { agent } = attacker;
  const r = ctx.random;
  const branch = agent.kind.sensitive;
  if (!branch) throw new Error(`${agent.kind.name} has no sensitive branch`);
  const calls = burst(r, {
    ...afterAnchor(r, id, attacker),
    count: branch.uris.length,
    gapMs: [10_000, 40_000],
    shape: (_call, i) => ({
      method: branch.method,
      serverId: branch.serverId,
      toolName: branch.toolName,
      resourceUri: branch.uris[i],
      responseBytes: r.int(300, 2_400),
    }),
  });
  return {
    id,
    kind: 'new_resource',
    agentId: agent.id,
    description: `${agent.id} reads ${branch.uris[0] ?? 'a sensitive path'} on ${branch.serverId}, a branch it never touched`,
    calls,
    breaks: [],
  };
}

/**
 * A tool of the next kind that lives on a server the agent's own kind never calls: its busiest such tool
 * (fleets whose kinds share servers still have some server of their own).
 */
function foreignTool(
  kinds: readonly AgentKind[],
  own: AgentKind,
): { kind: AgentKind; tool: ToolProfile } {
  const ownServers = new Set([own.serverId, ...own.tools.map((t) => t.serverId ?? own.serverId)]);
  const start = kinds.indexOf(own);
  for (let offset = 1; offset < kinds.length; offset++) {
    const kind = kinds[(start + offset) % kinds.length];
    const tools = kind ? [...kind.tools].sort((a, b) => b.weight - a.weight) : [];
    const tool = tools.find((t) => !ownServers.has(t.serverId ?? kind?.serverId ?? ''));
    if (kind && tool) return { kind, tool };
  }
  throw new Error(`no kind with a server foreign to ${own.name}`);
}
