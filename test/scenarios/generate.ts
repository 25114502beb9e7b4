import type { AttackContext } from './attacks/attack-context';
import { generateBenignCalls } from './benign-calls';
import { assignCredentials } from './credentials';
import { deliver } from './delivery';
import type { DraftCall, DraftIdentity } from './draft';
import type { Family } from './families/family';
import { TEAM_FAMILY } from './families/team';
import { labelAttacks } from './label-attacks';
import { createPopulation } from './population';
import { Random } from './random';
import { DAY_MS, HOUR_MS } from './rhythm';
import type { Scenario, ScenarioOptions } from './scenario';
import { toAuditEvents, toIdentityEvents } from './to-events';

export type { LabelledAttack, Scenario, ScenarioOptions, ScenarioStats } from './scenario';
export { DEFAULT_SCENARIO } from './families/team';

/**
 * A labelled stream of MCP audit and identity events from one fleet family (the team's own by default);
 * the same options and family always give the same stream.
 */
export function generateScenario(options: ScenarioOptions, family: Family = TEAM_FAMILY): Scenario {
  const random = new Random(options.seed);
  const startMs = options.startMs;
  const endMs = startMs + options.days * DAY_MS;
  const spanMs = endMs - startMs;

  const population = createPopulation(random.fork('population'), {
    agentsPerKind: options.agentsPerKind,
    startMs,
    endMs,
    newAgentFraction: options.newAgentFraction ?? 0.05,
    kinds: family.kinds,
    rate: family.agentRate,
    gateways: family.gateways,
  });
  const benign = generateBenignCalls(random.fork('benign'), population.agents, {
    startMs,
    endMs,
    activity: options.activity ?? 1,
    surge: options.surge === false ? undefined : family.surge?.(startMs, endMs, options.days),
  });

  const context: AttackContext = {
    random: random.fork('attacks'),
    population,
    kinds: family.kinds,
    callsByAgent: byAgent(benign),
    windowStartMs: startMs + 0.4 * spanMs,
    windowEndMs: endMs - HOUR_MS,
    reservedAgents: new Set(),
    disabledUsers: new Set(),
  };
  const attacks = family.planAttacks(context, options);

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
    family.serverVersions,
    family.versionBumps(startMs, spanMs),
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
