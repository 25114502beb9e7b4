import type { AuditEvent, Enrichment } from '@vigil/contracts';
import type { DetectorInput } from '../engine';
import { seededRandom } from '@vigil/streaming';

export { seededRandom } from '@vigil/streaming';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A Monday, midnight UTC. */
export const MONDAY = Date.parse('2026-03-02T00:00:00Z');

export interface AgentKind {
  readonly name: string;
  readonly server: string;
  readonly tools: readonly string[];
  /** URI templates; `#` is replaced by a random id. */
  readonly uris: readonly string[];
}

export const KINDS: readonly AgentKind[] = [
  {
    name: 'sales',
    server: 'crm',
    tools: ['get_account', 'search_accounts', 'update_opportunity'],
    uris: ['crm://accounts/#', 'crm://opportunities/#'],
  },
  {
    name: 'support',
    server: 'helpdesk',
    tools: ['get_ticket', 'reply_ticket', 'search_kb'],
    uris: ['ticket://T-#', 'kb://articles/#'],
  },
];

export interface SimulationOptions {
  readonly agentsPerKind: number;
  readonly fromMs: number;
  readonly toMs: number;
  /** Mean calls per agent in a 10-minute window during working hours; nights and weekends see a tenth. */
  readonly busyRate: number;
  readonly seed: number;
  /** Multiplies every agent's rate between these times (a population-wide surge). */
  readonly surge?: { fromMs: number; toMs: number; factor: number };
  /** Agents that join later: agent index → first active time. */
  readonly joinAt?: ReadonlyMap<number, number>;
}

export function agentId(kind: AgentKind, index: number): string {
  return `${kind.name}-${index}`;
}

/**
 * A benign stream: agents of two kinds with a daily rhythm (busy 09–17 on
 * weekdays), id-bearing URIs, KB-sized responses, 1–3 users per agent and
 * active tokens; events in time order, spread over 4 partitions.
 */
export function simulateBenign(options: SimulationOptions): DetectorInput[] {
  const random = seededRandom(options.seed);
  const inputs: DetectorInput[] = [];
  let sequence = 0;
  for (let start = options.fromMs; start < options.toMs; start += 10 * MINUTE) {
    const hour = Math.floor((start % DAY) / HOUR);
    const weekday = Math.floor((start - MONDAY) / DAY) % 7 < 5;
    const busy = weekday && hour >= 9 && hour < 17;
    const surge =
      options.surge && start >= options.surge.fromMs && start < options.surge.toMs
        ? options.surge.factor
        : 1;
    const rate = options.busyRate * (busy ? 1 : 0.1) * surge;
    const window: DetectorInput[] = [];
    KINDS.forEach((kind, kindIndex) => {
      for (let i = 0; i < options.agentsPerKind; i++) {
        const joined = options.joinAt?.get(i);
        if (joined !== undefined && start < joined) continue;
        const calls = poisson(rate, random);
        for (let c = 0; c < calls; c++) {
          const time = start + Math.floor(random() * 10 * MINUTE);
          window.push(
            benignCall(
              kind,
              i,
              time,
              `e${options.seed}-${sequence++}`,
              random,
              (kindIndex + i) % 4,
            ),
          );
        }
      }
    });
    window.sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time));
    inputs.push(...window);
  }
  return inputs;
}

function benignCall(
  kind: AgentKind,
  index: number,
  time: number,
  eventId: string,
  random: () => number,
  partition: number,
): DetectorInput {
  const toolName = pick(kind.tools, random);
  const resourceUri = pick(kind.uris, random).replace(
    '#',
    String(10_000 + Math.floor(random() * 90_000)),
  );
  const user = `user-${kind.name}-${index}-${Math.floor(random() * 3)}`;
  const agent = agentId(kind, index);
  const responseBytes = Math.round(2_000 * Math.exp(random() * 1.5));
  const enrichment: Enrichment = {
    tokenStatus: 'active',
    tokenAgentId: agent,
    tokenSubject: user,
    userStatus: 'active',
  };
  return {
    ...call(
      agent,
      time,
      eventId,
      { toolName, resourceUri, onBehalfOf: user, responseBytes },
      enrichment,
    ),
    partition,
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

/** One call by `agent` at `time`, for hand-made attacks. */
export function call(
  agent: string,
  time: number,
  eventId: string,
  patch: Partial<AuditEvent> = {},
  enrichment?: Enrichment,
): DetectorInput {
  const kind = KINDS.find((k) => agent.startsWith(k.name)) ?? (KINDS[0] as AgentKind);
  const tool = patch.toolName ?? kind.tools[0];
  const event: AuditEvent = {
    eventId,
    time: new Date(time).toISOString(),
    agentId: agent,
    method: 'tools/call',
    serverId: kind.server,
    outcome: 'ok',
    toolName: tool,
    resourceUri: (kind.uris[0] as string).replace('#', '12345'),
    tokenId: `tok-${agent}`,
    responseBytes: 3_000,
    toolSchemaHash: `hash-${tool}-v1`,
    ...patch,
  };
  return {
    event,
    partition: 0,
    enrichment: enrichment ?? { tokenStatus: 'active', tokenAgentId: agent, userStatus: 'active' },
  };
}

/** The least an event can be: an agent listing tools on a server of its own, as in a flood of sprayed ids. */
export function minimalCall(agentId: string, eventId: string, time: number): DetectorInput {
  return {
    event: {
      eventId,
      time: new Date(time).toISOString(),
      agentId,
      method: 'tools/list',
      serverId: 'spray',
      outcome: 'ok',
    },
    partition: 0,
    timeMs: time,
  };
}

/** Inserts `extra` into a time-ordered stream, keeping it ordered. */
export function mergeByTime(stream: DetectorInput[], extra: DetectorInput[]): DetectorInput[] {
  return [...stream, ...extra].sort(
    (a, b) =>
      Date.parse(a.event.time) - Date.parse(b.event.time) ||
      (a.event.eventId < b.event.eventId ? -1 : 1),
  );
}
