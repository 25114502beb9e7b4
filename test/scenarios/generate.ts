import { AGENT_KINDS } from './agent-kinds';
import type { AttackContext } from './attacks/attack-context';
import { planAttacks } from './attacks/plan-attacks';
import { generateBenignCalls } from './benign-calls';
import { assignCredentials } from './credentials';
import { deliver } from './delivery';
import type { DraftCall, DraftIdentity } from './draft';
import { labelAttacks } from './label-attacks';
import { createPopulation } from './population';
import { Random } from './random';
import { DAY_MS, HOUR_MS, type Surge } from './rhythm';
import type { Scenario, ScenarioOptions } from './scenario';
import type { VersionBump } from './server-definitions';
import { toAuditEvents, toIdentityEvents } from './to-events';

export type { LabelledAttack, Scenario, ScenarioOptions, ScenarioStats } from './scenario';

/** Default size: three days from Thursday 2026-03-05 (two weekdays and a Saturday), 300 agents. */
export const DEFAULT_SCENARIO: ScenarioOptions = {
  seed: 20260305,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 75,
};

/** A labelled stream of MCP audit and identity events; the same options always give the same stream. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const random = new Random(options.seed);
  const startMs = options.startMs;
  const endMs = startMs + options.days * DAY_MS;
  const spanMs = endMs - startMs;

  const population = createPopulation(random.fork('population'), {
    agentsPerKind: options.agentsPerKind,
    startMs,
    endMs,
    newAgentFraction: options.newAgentFraction ?? 0.05,
  });
  const benign = generateBenignCalls(random.fork('benign'), population.agents, {
    startMs,
    endMs,
    activity: options.activity ?? 1,
    surge: options.surge === false ? undefined : defaultSurge(startMs, endMs, options.days),
  });

  const context: AttackContext = {
    random: random.fork('attacks'),
    population,
    callsByAgent: byAgent(benign),
    windowStartMs: startMs + 0.4 * spanMs,
    windowEndMs: endMs - HOUR_MS,
    reservedAgents: new Set(),
    disabledUsers: new Set(),
  };
  const attacks = planAttacks(context, options.attacksPerKind ?? 4);

  const displacers = attacks.flatMap((attack) => (attack.displaces ? [attack.displaces] : []));
  const kept = benign.filter((call) => !displacers.some((displaces) => displaces(call)));
  const ownTokenCalls = attacks.flatMap((attack) => attack.calls);
  const credentials = assignCredentials(
    random.fork('credentials'),
    [...kept, ...ownTokenCalls],
    attacks.flatMap((attack) => attack.breaks),
    endMs,
  );
  const calls: DraftCall[] = [...kept, ...ownTokenCalls, ...credentials.sessionCalls];
  const identity: DraftIdentity[] = [...credentials.identity];
  for (const attack of attacks) {
    const parts = attack.complete?.();
    if (parts) {
      calls.push(...parts.calls);
      identity.push(...parts.identity);
    }
  }

  const changes = attacks.flatMap((attack) =>
    attack.definitionChange ? [attack.definitionChange] : [],
  );
  const stamped = toAuditEvents(
    random.fork('audit-ids'),
    calls,
    new Map(AGENT_KINDS.map((kind) => [kind.serverId, kind.serverVersion])),
    versionBumps(startMs, spanMs),
    changes,
  );
  const identityEvents = toIdentityEvents(random.fork('identity-ids'), identity);
  const delivered = deliver(
    random.fork('delivery'),
    stamped.events,
    calls.map((call) => call.timeMs),
    identityEvents,
    {
      partitionCount: options.partitionCount ?? 3,
      lateFraction: options.lateFraction ?? 0.01,
      duplicateFraction: options.duplicateFraction ?? 0.005,
      lateIdentityFraction: options.lateIdentityFraction ?? 0.03,
    },
  );
  const labels = labelAttacks(attacks, calls, stamped, identityEvents, delivered.audit);

  return {
    audit: delivered.audit,
    identity: delivered.identity,
    deliveries: delivered.deliveries,
    attacks: labels.attacks,
    benignEventIds: labels.benignEventIds,
    stats: {
      auditEvents: stamped.events.length,
      identityEvents: identityEvents.length,
      duplicates: delivered.duplicates,
      late: delivered.late,
      lateIdentity: delivered.lateIdentity,
      agents: population.agents.length,
    },
  };
}

/** Support bots at 1.5x for three afternoon hours on the second day (an outage floods the help desk). */
function defaultSurge(startMs: number, endMs: number, days: number): Surge | undefined {
  const surgeStart = startMs + (days >= 2 ? DAY_MS : 0) + 13 * HOUR_MS;
  if (surgeStart + 3 * HOUR_MS > endMs) return undefined;
  return { kind: 'support-bot', startMs: surgeStart, endMs: surgeStart + 3 * HOUR_MS, factor: 1.5 };
}

/** Routine releases: versions move, tool definitions do not. */
function versionBumps(startMs: number, spanMs: number): VersionBump[] {
  return [
    { serverId: 'crm-mcp', atMs: Math.round(startMs + 0.35 * spanMs), version: '3.3.0' },
    { serverId: 'git-mcp', atMs: Math.round(startMs + 0.55 * spanMs), version: '1.15.0' },
    { serverId: 'warehouse-mcp', atMs: Math.round(startMs + 0.7 * spanMs), version: '2.7.2' },
  ];
}

function byAgent(calls: readonly DraftCall[]): Map<string, DraftCall[]> {
  const map = new Map<string, DraftCall[]>();
  for (const call of calls) {
    const list = map.get(call.agent.id);
    if (list) list.push(call);
    else map.set(call.agent.id, [call]);
  }
  for (const list of map.values()) list.sort((a, b) => a.timeMs - b.timeMs);
  return map;
}
