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
}

const GATEWAYS = ['gw-eu-west-1', 'gw-eu-west-2', 'gw-us-east-1'];

export function createPopulation(random: Random, options: PopulationOptions): Population {
  const agents: Agent[] = [];
  const usersByKind = new Map<string, string[]>();
  let userCounter = 0;
  const spanMs = options.endMs - options.startMs;
  const residents = Math.ceil(options.agentsPerKind * (1 - options.newAgentFraction));

  for (const kind of AGENT_KINDS) {
    const users = Array.from(
      { length: Math.ceil(options.agentsPerKind * 1.3) },
      () => `user-${String(++userCounter).padStart(4, '0')}`,
    );
    usersByKind.set(kind.name, users);
    for (let i = 0; i < options.agentsPerKind; i++) {
      const joinMs =
        i < residents
          ? options.startMs
          : Math.round(options.startMs + spanMs * random.between(0.25, 0.75));
      agents.push({
        id: `${kind.name}-${String(i + 1).padStart(3, '0')}`,
        kind,
        users: random.sample(users, random.weightedIndex([0.5, 0.3, 0.2]) + 1),
        rate: random.logNormal(1, 0.45, 2.5),
        joinMs,
        workingSet: kind.workingSet(random),
        sourceIp: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
        gatewayId: random.pick(GATEWAYS),
      });
    }
  }
  return { agents, usersByKind };
}
