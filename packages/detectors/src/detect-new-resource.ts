import { noveltyProbability } from '@vigil/baselines';
import type { AnomalyDraft } from './anomaly';
import type { EventContext } from './event-context';

/** Something an agent used for the first time in this event. */
export interface Discovery {
  kind: 'server' | 'tool' | 'resource';
  server: string;
  /** Population key (see itemKey). */
  itemKey: string;
  /** "server vault", "tool crm/export_all", "resource secrets://vault/{id} on vault". */
  label: string;
  /**
   * For a resource: the chance of the step where the agent left common ground
   * in the server's resource tree (ResourceTree.firstUse); 1 otherwise.
   */
  chance: number;
  /** For a resource: the agent's own chance of a first step where it left known ground; 1 otherwise. */
  habit: number;
}

/**
 * new_resource: the first use of a server, tool or resource shape that the
 * agent's baseline does not have. Only agents whose own first use of a thing
 * was not reported vouch for it, so that whatever order agents arrive in, an
 * attacker never makes a sensitive resource look familiar; to a mature agent
 * only established (mature) ones do. Its surprise combines how rarely those
 * users use the thing (none: 1 / (population observations + 2), rounded down to a power of two; a few:
 * (users + 1) / (agents they are drawn from + 2)) with, for a mature agent, how
 * rarely the agent itself discovers anything new. A mature agent's new server
 * is also judged against its own peer group (how few mature peers use it) and
 * its rate of taking up servers, so reaching into another kind's server stands
 * out even when that server is common elsewhere.
 * A thing with at least `knownMinEstablishedAgents` such users is not new to
 * a warming-up agent, nor (servers aside) to a mature one; before the
 * population has `minPopulationAgents` mature agents nothing is new. Only the
 * coarsest novel thing of an event is reported (a new server, not also its tool).
 */
export function detectNewResource(
  ctx: EventContext,
  discoveries: readonly Discovery[],
  count: number,
): AnomalyDraft | undefined {
  const { config, population, agent, event } = ctx;
  if (count === 0 || population.matureAgents < config.minPopulationAgents) return undefined;
  for (let i = 0; i < count; i++) {
    const discovery = discoveries[i] as Discovery;
    const users = agent.mature
      ? population.establishedUsers(discovery.itemKey)
      : population.unreportedUsers(discovery.itemKey);
    const known = users >= config.knownMinEstablishedAgents;
    if (known && (!agent.mature || discovery.kind !== 'server')) continue;
    const usersLog10P =
      users === 0
        ? -log10Magnitude(population.observations + 2)
        : Math.log10(
            (users + 1) / ((agent.mature ? population.matureAgents : population.agents) + 2),
          );
    // A resource nobody uses yet is as surprising as the step into it: a new pod
    // where new pods appear all the time is not, a new child of a few well-trodden
    // secrets is.
    const populationLog10P =
      discovery.kind === 'resource'
        ? Math.max(usersLog10P, Math.log10(discovery.chance))
        : usersLog10P;
    const log10P = agent.mature ? matureLog10P(ctx, discovery, populationLog10P) : populationLog10P;
    const whoElse =
      users === 0
        ? 'no other agent uses it unremarked'
        : `only ${users} other agent${users === 1 ? '' : 's'} use${users === 1 ? 's' : ''} it unremarked`;
    return {
      kind: 'new_resource',
      agentId: agent.id,
      anchor: 'first-use',
      key: discovery.itemKey,
      cause: discovery.server,
      eventTimeMs: ctx.time,
      log10P,
      observed: discovery.label,
      expected: agent.mature
        ? `one of its known ${discovery.kind}s`
        : `one of its peers' ${discovery.kind}s`,
      explanation: `agent ${agent.id} used ${discovery.label} for the first time and ${whoElse}; confirm this access is sanctioned or cut it off`,
      evidenceEventIds: [event.eventId],
    };
  }
  return undefined;
}

/**
 * log10 of `n` rounded down to a power of two. The population's observation count moves with every
 * event of every partition, so at the moment an event is judged it depends on how far the other
 * partitions (and the enricher's held events) have got: used exactly, it let one cause score 59.4 in
 * one run and 60.2 in another, either side of the policy's notify threshold. A prior is no more
 * precise than its order of magnitude; rounded, the count gives the same score unless it crosses a
 * power of two between two runs' judgements.
 */
function log10Magnitude(n: number): number {
  return Math.floor(Math.log2(n)) * Math.log10(2);
}

function matureLog10P(ctx: EventContext, discovery: Discovery, populationLog10P: number): number {
  const { agent, population } = ctx;
  if (discovery.kind !== 'server') {
    // Against its own habit where it left known ground (a resource), or overall (a tool).
    const habit =
      discovery.kind === 'resource'
        ? discovery.habit
        : noveltyProbability(agent.discoveries, agent.observations);
    return populationLog10P + Math.log10(habit);
  }
  const { using, peers } = population.peersUsingServer(agent, discovery.server);
  const peerLog10P = Math.log10((using + 1) / (peers + 2));
  return (
    Math.min(populationLog10P, peerLog10P) +
    Math.log10(noveltyProbability(agent.serverDiscoveries, agent.observations))
  );
}
