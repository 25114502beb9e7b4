import { AGENT_KINDS, type AgentKind } from './agent-kinds';
import type { Random } from './random';

export interface Agent {
  id: string;
  kind: AgentKind;
  /** Users the agent acts for; the first is its main user. */
  users: string[];
  /** Personal activity relative to its kind's typical agent. */
  rate: number;
  /** When the agent first appears; later than the stream start for new agents still warming up. */
  joinMs: number;
  workingSet: string[];
  sourceIp: string;
  gatewayId: string;
}

export interface Population {
  agents: Agent[];
  /** The human users of each agent kind (sales reps, support staff, engineers, analysts). */
  usersByKind: Map<string, string[]>;
}

export interface PopulationOptions {
  agentsPerKind: number;
  startMs: number;
  endMs: number;
  newAgentFraction: number;
  /** The fleet's agent kinds; the team's four when absent. */
  kinds?: readonly AgentKind[];
  /** Draws one agent's activity relative to its kind; a mild log-normal when absent. */
  rate?: (random: Random) => number;
  gateways?: readonly string[];
}

const GATEWAYS = ['gw-eu-west-1', 'gw-eu-west-2', 'gw-us-east-1'];
const mildSpread = (random: Random) => random.logNormal(1, 0.45, 2.5);

export function createPopulation(random: Random, options: PopulationOptions): Population {
  const agents: Agent[] = [];
  const usersByKind = new Map<string, string[]>();
  let userCounter = 0;
  const spanMs = options.endMs - options.startMs;
  const drawRate = options.rate ?? mildSpread;
  const gateways = options.gateways ?? GATEWAYS;

  for (const kind of options.kinds ?? AGENT_KINDS) {
    const count =
      kind.share === undefined
        ? options.agentsPerKind
        : Math.max(1, Math.round(options.agentsPerKind * kind.share));
    const residents = Math.ceil(count * (1 - options.newAgentFraction));
    const users = Array.from(
      { length: Math.ceil(count * 1.3) },
      () => `user-${String(++userCounter).padStart(4, '0')}`,
    );
    usersByKind.set(kind.name, users);
    for (let i = 0; i < count; i++) {
      // Batch jobs run from the start: a job that appeared mid-stream would be an attack, not a fleet trait.
      const joinMs =
        i < residents || kind.batch
          ? options.startMs
          : Math.round(options.startMs + spanMs * random.between(0.25, 0.75));
      // A batch job acts for one service account; people's agents for one to three people.
      const userCount = kind.batch ? 1 : random.weightedIndex([0.5, 0.3, 0.2]) + 1;
      const actsFor = random.sample(users, userCount);
      const rate = drawRate(random);
      agents.push({
        id: `${kind.name}-${String(i + 1).padStart(3, '0')}`,
        kind,
        users: actsFor,
        rate: kind.batch ? 1 : rate,
        joinMs,
        workingSet: kind.workingSet(random),
        sourceIp: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
        gatewayId: random.pick(gateways),
      });
    }
  }
  return { agents, usersByKind };
}
