import type { AnomalyKind } from '@vigil/contracts';
import type { AgentKind, TaskFocus, ToolProfile } from '../agent-kinds';
import { makeCall } from '../benign-calls';
import type { CredentialBreak } from '../credentials';
import type { DraftCall, DraftIdentity } from '../draft';
import type { Agent, Population } from '../population';
import type { Random } from '../random';
import type { DefinitionChange } from '../server-definitions';

export interface AttackContext {
  random: Random;
  population: Population;
  /** The fleet's agent kinds (foreign servers and changed tool definitions come from them). */
  kinds: readonly AgentKind[];
  /** Benign calls of each agent, sorted by time. */
  callsByAgent: Map<string, DraftCall[]>;
  /** Attacks start in this window: after baselines had time to form, before the stream ends. */
  windowStartMs: number;
  windowEndMs: number;
  /** Agents already attacking or attacked: each attack gets agents of its own so labels stay clean. */
  reservedAgents: Set<string>;
  /** Users disabled by an attack: nobody acts for them afterwards except the attacker. */
  disabledUsers: Set<string>;
}

export interface AttackParts {
  calls: DraftCall[];
  identity: DraftIdentity[];
}

export interface PlannedAttack {
  id: string;
  kind: AnomalyKind;
  agentId: string;
  description: string;
  /** Calls presenting the agent's own current token; the credential pass assigns it. */
  calls: DraftCall[];
  breaks: CredentialBreak[];
  /** Benign calls the attack replaces (an agent cannot keep working normally on a revoked token). */
  displaces?: (call: DraftCall) => boolean;
  /** Calls presenting a specific token and identity events, built once credentials are known. */
  complete?: () => AttackParts;
  definitionChange?: DefinitionChange;
}

export interface Attacker {
  agent: Agent;
  /** A benign call of the agent inside the attack window: the attack starts right after it. */
  anchor: DraftCall;
}

/**
 * Reserves a resident agent (past warm-up, not acting for a disabled user, not a sanctioned batch job)
 * that works in the window.
 */
export function pickAttacker(
  ctx: AttackContext,
  accept: (agent: Agent) => boolean = () => true,
  acceptAnchor: (index: number, agentCalls: readonly DraftCall[]) => boolean = () => true,
): Attacker {
  const candidates = ctx.population.agents.filter(
    (agent) =>
      !ctx.reservedAgents.has(agent.id) &&
      agent.joinMs === ctx.population.agents[0]?.joinMs &&
      !agent.users.some((user) => ctx.disabledUsers.has(user)) &&
      !agent.kind.batch &&
      accept(agent),
  );
  for (const agent of ctx.random.sample(candidates, candidates.length)) {
    const agentCalls = ctx.callsByAgent.get(agent.id) ?? [];
    const inWindow = agentCalls.filter(
      (call, index) =>
        call.timeMs >= ctx.windowStartMs &&
        call.timeMs < ctx.windowEndMs &&
        acceptAnchor(index, agentCalls),
    );
    if (inWindow.length === 0) continue;
    ctx.reservedAgents.add(agent.id);
    return { agent, anchor: ctx.random.pick(inWindow) };
  }
  throw new Error('not enough active agents for the requested attacks: raise agentsPerKind');
}

export function toolNamed(kind: AgentKind, toolName: string | undefined): ToolProfile {
  const found = kind.tools.find((t) => t.toolName === toolName);
  if (!found) throw new Error(`${kind.name} has no tool ${toolName}`);
  return found;
}

export function busiestTool(kind: AgentKind): ToolProfile {
  return [...kind.tools].sort((a, b) => b.weight - a.weight)[0] ?? toolNamed(kind, undefined);
}

export function largestTool(kind: AgentKind): ToolProfile {
  return [...kind.tools].sort((a, b) => b.medianBytes - a.medianBytes)[0] ?? busiestTool(kind);
}

/**
 * Who, for whom and from when an attack runs: right after its anchor call, for the anchor's user.
 * Spread it first into `burst` options, so its start time is drawn where the literal is built.
 */
export function afterAnchor(
  r: Random,
  attackId: string,
  { agent, anchor }: Attacker,
): Pick<BurstOptions, 'attackId' | 'agent' | 'user' | 'startMs'> {
  return {
    attackId,
    agent,
    user: anchor.tokenUser,
    startMs: anchor.timeMs + r.int(30_000, 90_000),
  };
}

export interface BurstOptions {
  attackId: string;
  agent: Agent;
  user: string;
  startMs: number;
  count: number;
  /** Gap between calls, drawn uniformly from this range. */
  gapMs: [number, number];
  /** A fixed tool, or one drawn from the agent's usual mix per call. */
  tool?: ToolProfile;
  focus?: TaskFocus;
  shape?: (call: DraftCall, index: number) => Partial<DraftCall>;
}

/** A run of attack calls by one agent, spaced in time, each shaped by the attack. */
export function burst(r: Random, options: BurstOptions): DraftCall[] {
  const { agent } = options;
  const calls: DraftCall[] = [];
  let timeMs = options.startMs;
  for (let i = 0; i < options.count; i++) {
    const tool =
      options.tool ?? agent.kind.tools[r.weightedIndex(agent.kind.tools.map((t) => t.weight))];
    const focus = options.focus ?? agent.kind.focus(r, agent.workingSet, timeMs);
    const call = makeCall(r, agent, tool ?? busiestTool(agent.kind), focus, timeMs, options.user);
    call.outcome = 'ok';
    calls.push({ ...call, ...options.shape?.(call, i), attackId: options.attackId });
    timeMs += Math.round(r.between(options.gapMs[0], options.gapMs[1]));
  }
  return calls;
}
