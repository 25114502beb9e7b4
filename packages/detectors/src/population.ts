import {
  MOMENTS_STRIDE,
  ResourceTree,
  mergeMoments,
  poolExpectations,
  type Expectation,
  type ResourceTreeOptions,
} from '@vigil/baselines';
import {
  OP_SIZE_AT,
  WINDOW_METRICS,
  agentFacts,
  isSuspectUse,
  unreportedItemKeys,
  itemKey,
  type AgentFacts,
  type AgentState,
  type PopulationOp,
} from './agent-state';

/**
 * Engine-wide knowledge about all agents: who uses what, who is whose peer,
 * typical sizes per operation and tool definitions. It is not part of any
 * agent's snapshot; after a restart it is rebuilt from the restored agents
 * (`join`). Counts rebuild exactly; the per-operation peer sizes are merged
 * from the restored agents' own sizes, an approximation of what was learned.
 *
 * The counts cover every agent of the fleet, not only the partitions this
 * instance holds: the agents other instances hold are counted from the
 * snapshots they save (`setRemote`), so that a judgment reads the same
 * population whichever instance makes it. Counts are sums over agents, so the
 * order in which agents and their snapshots arrive does not matter. Peer
 * groups and sizes are learned from the held agents only.
 */
export class Population {
  agents = 0;
  matureAgents = 0;
  /** Sum of every agent's observations. */
  observations = 0;
  /** Tool definition hashes seen, and how many definition changes that makes. */
  definitionObservations = 0;
  definitionChanges = 0;
  /** Per server, tool or resource shape: agents whose first use of it was not reported. */
  private readonly unreported = new Map<string, number>();
  /** Of those, the mature agents. */
  private readonly established = new Map<string, number>();
  /** Per server id, its operations by name: two lookups in small, hot maps, no key string built. */
  private readonly ops = new Map<string, Map<string, PopulationOp>>();
  private opCount = 0;
  private readonly peers = new Map<string, Set<AgentState>>();
  /** Per peer group, its pooled expectations by window start and metric (null: too few peers). */
  private readonly peerCache = new Map<string, Map<number, Expectation | null>>();
  /** One instance of each tool definition hash seen (see canonicalHash). */
  private readonly hashTexts = new Map<string, string>();
  /** Per changed tool definition (server, tool, new hash): the agents that met the change. */
  private readonly definitionReach = new Map<string, Set<string>>();
  /** The agents other instances hold, by id: what they add to the counts. */
  private readonly remote = new Map<string, AgentFacts>();
  /** Per server, what its resource URIs look like (see ResourceTree). */
  private readonly trees = new Map<string, ResourceTree>();

  constructor(private readonly treeOptions?: ResourceTreeOptions) {}

  /**
   * One more agent met a changed tool definition; returns how many have, in
   * the whole fleet as far as this instance knows, and a few of them (the
   * first by id: the same names whichever instance counts).
   */
  reachDefinition(key: string, agentId: string): { count: number; agents: readonly string[] } {
    this.meet(key, agentId, 1);
    const met = this.definitionReach.get(key) as Set<string>;
    return { count: met.size, agents: [...met].sort().slice(0, MAX_NAMED_AGENTS) };
  }

  /** The server's resource tree, created on first use. */
  resourceTree(server: string): ResourceTree {
    let tree = this.trees.get(server);
    if (tree === undefined) {
      tree = new ResourceTree(this.treeOptions);
      this.trees.set(server, tree);
    }
    return tree;
  }

  /**
   * Established users of the server, tool or resource shape `key`: mature
   * agents whose first use of it was not reported as new_resource. An
   * attacker never makes a thing look familiar, whatever order agents arrive in.
   */
  establishedUsers(key: string): number {
    return this.established.get(key) ?? 0;
  }

  /**
   * Agents whose first use of `key` was not reported, mature or not: what a
   * warming-up agent is compared with, since a peer group that started late
   * (day workers, at night) has no mature members yet.
   */
  unreportedUsers(key: string): number {
    return this.unreported.get(key) ?? 0;
  }

  /** An agent's first use of `key` that was not reported. */
  addUse(key: string, mature: boolean): void {
    increment(this.unreported, key, 1);
    if (mature) increment(this.established, key, 1);
  }

  /** An agent just matured: what it used so far without being reported now counts as established. */
  matured(agent: AgentState): void {
    this.matureAgents++;
    for (const key of unreportedItemKeys(agent)) increment(this.established, key, 1);
  }

  /** The population's record of an operation of a server, if any agent used it. */
  findOp(server: string, name: string): PopulationOp | undefined {
    return this.ops.get(server)?.get(name);
  }

  /** Whether the population keeps records of `server`. */
  hasServer(server: string): boolean {
    return this.ops.has(server);
  }

  /** Servers the population keeps records of (see maxServers). */
  get servers(): number {
    return this.ops.size;
  }

  /** The population's record of an operation of a server, created on first use. */
  op(server: string, name: string): PopulationOp {
    let byName = this.ops.get(server);
    if (byName === undefined) {
      byName = new Map();
      this.ops.set(server, byName);
    }
    let op = byName.get(name);
    if (op === undefined) {
      op = {
        id: this.opCount++,
        key: `${server}\u0000${name}`,
        size: new Float64Array(MOMENTS_STRIDE),
        hashes: new Set(),
      };
      byName.set(name, op);
    }
    return op;
  }

  /**
   * The one stored instance of a definition hash: an operation keeps it, so
   * that comparing the next event's hash with it is a pointer comparison on
   * a hot string, not a read of a string stored who knows where.
   */
  canonicalHash(hash: string): string {
    const stored = this.hashTexts.get(hash);
    if (stored !== undefined) return stored;
    this.hashTexts.set(hash, hash);
    return hash;
  }

  /** Records a definition hash of an operation; returns true when the population had not seen it. */
  recordDefinition(op: PopulationOp, hash: string): boolean {
    if (op.hashes.has(hash)) return false;
    if (op.hashes.size > 0) this.definitionChanges++;
    op.hashes.add(hash);
    return true;
  }

  /**
   * Adds a held agent's knowledge (restored, or new and knowing nothing yet); it
   * replaces what its snapshot from another instance added.
   */
  join(agent: AgentState): void {
    this.setRemote(agent.id, undefined);
    this.count(agent.id, agentFacts(agent), 1);
    if (agent.mature) {
      for (const server of agent.servers.values()) {
        for (const op of server.ops.values())
          mergeMoments(op.population.size, 0, op.slab.data, op.at + OP_SIZE_AT);
      }
    }
    this.setPeerKey(agent, agent.peerKey);
  }

  /**
   * Removes a held agent's counts (evicted, or its partition moved away). Learned
   * sizes and hashes stay. Returns what it added, for `setRemote` when another
   * instance takes it over.
   */
  leave(agent: AgentState): AgentFacts {
    const facts = agentFacts(agent);
    this.count(agent.id, facts, -1);
    if (agent.peerKey !== undefined) this.peers.get(agent.peerKey)?.delete(agent);
    return facts;
  }

  /**
   * What an agent another instance holds adds to the counts, as of its latest
   * snapshot (undefined: it is gone, or held here now).
   */
  setRemote(agentId: string, facts: AgentFacts | undefined): void {
    const previous = this.remote.get(agentId);
    if (previous !== undefined) this.count(agentId, previous, -1);
    if (facts === undefined) {
      this.remote.delete(agentId);
      return;
    }
    this.remote.set(agentId, facts);
    this.count(agentId, facts, 1);
  }

  /** Agents other instances hold, counted from their snapshots. */
  get remoteAgents(): number {
    return this.remote.size;
  }

  private count(agentId: string, facts: AgentFacts, sign: 1 | -1): void {
    this.agents += sign;
    this.observations += sign * facts.observations;
    this.definitionObservations += sign * facts.definitionObservations;
    if (facts.mature) this.matureAgents += sign;
    for (const key of facts.vouched) {
      increment(this.unreported, key, sign);
      if (facts.mature) increment(this.established, key, sign);
    }
    for (const [server, name, hashes] of facts.definitions) {
      if (sign > 0) for (const hash of hashes) this.recordDefinition(this.op(server, name), hash);
      // Every hash after the first is a change the agent met.
      for (let i = 1; i < hashes.length; i++)
        this.meet(definitionKey(server, name, hashes[i] as string), agentId, sign);
    }
  }

  private meet(key: string, agentId: string, sign: 1 | -1): void {
    let met = this.definitionReach.get(key);
    if (met === undefined) {
      if (sign < 0) return;
      met = new Set();
      this.definitionReach.set(key, met);
    }
    if (sign > 0) met.add(agentId);
    else met.delete(agentId);
  }

  setPeerKey(agent: AgentState, key: string | undefined): void {
    if (agent.peerKey !== undefined && agent.peerKey !== key)
      this.peers.get(agent.peerKey)?.delete(agent);
    agent.peerKey = key;
    if (key === undefined) return;
    let members = this.peers.get(key);
    if (members === undefined) {
      members = new Set();
      this.peers.set(key, members);
    }
    members.add(agent);
  }

  /**
   * How many of an agent's nearest mature peers (same peer group, itself
   * excluded, whose servers are most like its own) are established users of
   * `server`, and how many nearest peers there are.
   */
  peersUsingServer(agent: AgentState, server: string): { using: number; peers: number } {
    const key = itemKey.server(server);
    const alike: Array<{ peer: AgentState; similarity: number }> = [];
    let closest = 0;
    for (const peer of this.peers.get(agent.peerKey ?? '') ?? []) {
      if (peer === agent || !peer.mature) continue;
      const similarity = workSimilarity(agent, peer, server);
      alike.push({ peer, similarity });
      closest = Math.max(closest, similarity);
    }
    // The nearest peers speak for the agent's work (its own kind, whatever shares its
    // primary server): a crowd of agents that merely share that server would drown them.
    let using = 0;
    let peers = 0;
    for (const { peer, similarity } of alike) {
      if (similarity <= closest * NEAREST_PEERS) continue;
      peers++;
      if (peer.servers.has(server) && !isSuspectUse(peer, server, key)) using++;
    }
    return { using, peers };
  }

  /** Forget cached peer expectations: baselines changed. */
  startBatch(): void {
    this.peerCache.clear();
  }

  /**
   * What a warming-up agent's mature peers usually do in this window: their
   * pooled expectation, or undefined with fewer than `minPeers` of them.
   * Members are read in id order so the result never depends on arrival order.
   * A member counts as mature by the window's time, not by its `mature` flag:
   * the flag moves with its own partition, which may run hours ahead or behind.
   */
  peerExpectation(
    peerKey: string | undefined,
    metric: number,
    windowStart: number,
    minPeers: number,
    minWindows: number,
    warmupMs: number,
  ): Expectation | undefined {
    if (peerKey === undefined) return undefined;
    let cache = this.peerCache.get(peerKey);
    if (cache === undefined) {
      cache = new Map();
      this.peerCache.set(peerKey, cache);
    }
    // Exact as a number: window starts are epoch ms (< 2^44), metrics a handful.
    const slot = windowStart * WINDOW_METRICS + metric;
    const cached = cache.get(slot);
    if (cached !== undefined) return cached ?? undefined;
    // Not a spread of the whole group: most of a large group is often still warming up.
    const members: AgentState[] = [];
    for (const m of this.peers.get(peerKey) ?? []) {
      if (m.firstSeen + warmupMs <= windowStart && m.rates.samples() >= minWindows) members.push(m);
    }
    members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const pooled =
      members.length >= minPeers
        ? poolExpectations(members.map((m) => m.rates.expected(metric, windowStart)))
        : undefined;
    cache.set(slot, pooled ?? null);
    return pooled;
  }
}

/** A changed tool definition: the server, the tool and the new hash. */
export function definitionKey(server: string, tool: string, hash: string): string {
  return `${server}\u0000${tool}\u0000${hash}`;
}

/** Agents an explanation names; the count says how many there are in all. */
const MAX_NAMED_AGENTS = 5;

function increment(counts: Map<string, number>, key: string, by: number): void {
  const count = (counts.get(key) ?? 0) + by;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
}

/** Peers more than this fraction as alike as the closest one are the agent’s nearest peers. */
const NEAREST_PEERS = 0.5;

/**
 * How alike two agents' work is, apart from `server`: the Jaccard similarity
 * of the servers they use. Agents of different kinds often share a primary
 * server (every platform agent reads Kubernetes); an on-call bot that also
 * pages is no peer of an SRE agent whose first page is judged.
 */
function workSimilarity(agent: AgentState, peer: AgentState, server: string): number {
  let shared = 0;
  let either = 0;
  for (const name of agent.servers.keys()) {
    if (name === server) continue;
    either++;
    if (peer.servers.has(name)) shared++;
  }
  for (const name of peer.servers.keys()) if (name !== server && !agent.servers.has(name)) either++;
  return either === 0 ? 1 : shared / either;
}
