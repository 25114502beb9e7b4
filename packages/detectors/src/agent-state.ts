import {
  MOMENTS_STRIDE,
  NoveltySet,
  KnownGround,
  type ResourceTree,
  WindowRateBaseline,
  type WindowRateOptions,
} from '@vigil/baselines';
import { createWindowsMemo, type WindowsMemo } from '@vigil/streaming';
import { CauseLedger } from './cause-ledger';
import { NumberSlab } from './number-slab';
import type { ScaleWatch } from './early-firing';
import type { OpWindow, WindowAggregate } from './window-aggregate';

/** The per-window metrics every agent's rate baseline learns. */
export const METRIC_CALLS = 0;
export const METRIC_BYTES = 1;
export const METRIC_USERS = 2;
export const WINDOW_METRICS = 3;

/** What the whole population knows about one server's operation (shared by every agent's OpState). */
export interface PopulationOp {
  /** Small and unique in the engine: what an agent's op index is keyed by. */
  readonly id: number;
  readonly key: string;
  /** Log-size moments of mature agents' calls: the peer baseline for newcomers. */
  readonly size: Float64Array;
  readonly hashes: Set<string>;
}

/** One operation (a tool, or a method such as resources/read) of one server, as one agent uses it. */
export interface OpState {
  readonly server: ServerState;
  /** Its server's tree and the agent's ground there, held here too: an event's visit then skips the server object (one cache miss fewer). */
  readonly tree: ResourceTree;
  readonly ground: KnownGround;
  readonly name: string;
  readonly isTool: boolean;
  calls: number;
  /** Decayed calls per window: this operation's share of the agent's calls. */
  share: number;
  /**
   * Its record in the engine's op slab, at offset `at`: its log-size moments
   * (at + OP_SIZE_AT), then the interned ids of resource shapes its server is
   * known to have (see observeShape).
   */
  readonly slab: NumberSlab;
  readonly at: number;
  definitionHash: string | undefined;
  readonly knownHashes: string[];
  definitionObservations: number;
  readonly population: PopulationOp;
  /**
   * The window this operation last counted into, and its counter there: most
   * calls land in the same window as the previous one, so this skips a map
   * lookup. Cleared when that window closes.
   */
  lastWindow: WindowAggregate | undefined;
  lastCounter: OpWindow | undefined;
}

/** Layout of an operation's slab record. */
export const OP_SIZE_AT = 0;
const OP_SHAPE_COUNT = OP_SIZE_AT + MOMENTS_STRIDE;
const OP_SHAPE_IDS = OP_SHAPE_COUNT + 1;
/** Shape ids an operation remembers; past that, its server's string set is read. */
const MAX_INDEXED_SHAPES = 8;
const OP_NUMBERS = OP_SHAPE_IDS + MAX_INDEXED_SHAPES;

export interface ServerState {
  readonly id: string;
  readonly ops: Map<string, OpState>;
  /** The resource templates the agent has used on this server. */
  readonly shapes: NoveltySet;
  /** The server's resource tree, shared by every agent (population knowledge). */
  readonly tree: ResourceTree;
  /** What of `tree` this agent has walked: where its known ground ends, and its habit there. */
  readonly ground: KnownGround;
}

/** Calls to a server: the sum over its operations, each event counting once in one of them. */
export function serverCalls(server: ServerState): number {
  let calls = 0;
  for (const op of server.ops.values()) calls += op.calls;
  return calls;
}

/** Layout of an agent's slab record. */
const FIRST_SEEN = 0;
const LAST_SEEN = 1;
const CURRENT_START = 2;
/** Log-size moments over all the agent's calls (MOMENTS_STRIDE numbers). */
export const AGENT_SIZE_AT = 3;
const OP_COUNT = AGENT_SIZE_AT + MOMENTS_STRIDE;
const OP_IDS = OP_COUNT + 1;
/** Operations indexed per agent; more are found through the maps. */
const MAX_INDEXED_OPS = 8;
const AGENT_NUMBERS = OP_IDS + MAX_INDEXED_OPS;

/** The engine's slabs of agent and operation records. */
export interface StateSlabs {
  readonly agents: NumberSlab;
  readonly ops: NumberSlab;
  /**
   * The operations an agent's record indexes, MAX_INDEXED_OPS per agent
   * record, in the record's order: one dense array for all agents.
   */
  readonly opRefs: (OpState | undefined)[];
}

export function createStateSlabs(): StateSlabs {
  return { agents: new NumberSlab(AGENT_NUMBERS), ops: new NumberSlab(OP_NUMBERS), opRefs: [] };
}

/**
 * Everything Vigil knows about one agent; JSON-serializable through agent-snapshot.
 * The numbers every event reads or writes sit in the agent's record of a slab
 * shared by all agents: with thousands of agents each separate object an
 * event touches is a cache miss, and a number field of an object is one more
 * (it is boxed).
 */
export class AgentState {
  /** Offset of its record in `slab` (see the layout constants above). */
  readonly at: number;
  mature = false;
  /** Its peer group: the server it calls most. */
  peerKey: string | undefined = undefined;
  observations = 0;
  /** Observations that were the first use of a server, tool or resource shape. */
  discoveries = 0;
  /** Of those, first uses of a server: rare for a settled agent, so a new server is a strong signal. */
  serverDiscoveries = 0;
  /**
   * Item keys (see itemKey) whose first use was reported as new_resource, and
   * everything on a server whose first use was: such use makes nothing
   * familiar to other agents.
   */
  readonly suspectItems = new Set<string>();
  readonly servers = new Map<string, ServerState>();
  /**
   * Where its indexed operations start in `opRefs`, in the order of their
   * population ids in its record (see indexedOp): an event finds its
   * operation by scanning a few numbers, where map lookups by name cost
   * several cache misses with thousands of agents. Only a cache of `servers`:
   * filled on first use, also after a restore.
   */
  readonly opRefsAt: number;
  readonly rates: WindowRateBaseline;
  /** Rate baselines of the larger window scales (windowScales), in their order. */
  readonly scaleRates: WindowRateBaseline[];
  shareTotal = 0;
  /** The causes reported lately: a repeat updates its anomaly instead of adding one. */
  readonly causes: CauseLedger;
  /** Per-event anomalies already reported, by window start, so each is reported once. */
  readonly reported = new Map<number, Set<string>>();
  /** The open windows of the latest window start seen (currentStart), so that most events skip the window store. */
  currentWindows: WindowAggregate[] = [];
  /** The last of currentWindows (the latest hop): the only one with tumbling windows. */
  latestWindow: WindowAggregate | undefined = undefined;
  /** Early firing: the longer windows latestWindow lies in, and its triggers (set with them). */
  scaleWatches: readonly ScaleWatch[] = [];
  /** Per larger scale (level 1 on), its open windows around the latest base window looked up. */
  readonly scaleWindows: WindowsMemo<WindowAggregate>[];
  earlyCalls = Infinity;
  earlyBytes = Infinity;
  earlyUsers = Infinity;
  /** An event from this time on is of a later baseline version than a watched window was judged under. */
  earlyVersionEnd = Infinity;
  /** Changed since the last takeDirtyAgents. */
  dirty = false;
  /** Its state may be stored outside the engine (handed out by takeDirtyAgents, or restored): its eviction is reported. */
  stored = false;

  constructor(
    readonly id: string,
    time: number,
    rateOptions: WindowRateOptions,
    readonly slab: NumberSlab,
    readonly opRefs: (OpState | undefined)[],
    causeMemoryMs: number,
    scaleRateOptions: readonly WindowRateOptions[] = [],
  ) {
    this.causes = new CauseLedger(causeMemoryMs);
    this.rates = new WindowRateBaseline(WINDOW_METRICS, rateOptions);
    this.scaleRates = scaleRateOptions.map(
      (options) => new WindowRateBaseline(WINDOW_METRICS, options),
    );
    this.scaleWindows = scaleRateOptions.map(() => createWindowsMemo());
    this.at = slab.allocate();
    this.opRefsAt = (this.at / slab.stride) * MAX_INDEXED_OPS;
    // Grown in order, so that the array stays dense.
    while (opRefs.length < this.opRefsAt + MAX_INDEXED_OPS) opRefs.push(undefined);
    slab.data[this.at + FIRST_SEEN] = time;
    slab.data[this.at + LAST_SEEN] = time;
    slab.data[this.at + CURRENT_START] = NaN;
  }

  get firstSeen(): number {
    return this.slab.data[this.at + FIRST_SEEN] as number;
  }

  get lastSeen(): number {
    return this.slab.data[this.at + LAST_SEEN] as number;
  }

  set lastSeen(time: number) {
    this.slab.data[this.at + LAST_SEEN] = time;
  }

  /**
   * Start of the windows in currentWindows. Valid while it matches: an
   * on-time event's windows cannot have closed (they end after it, and it is
   * not older than the watermark). NaN: look the windows up.
   */
  get currentStart(): number {
    return this.slab.data[this.at + CURRENT_START] as number;
  }

  set currentStart(start: number) {
    this.slab.data[this.at + CURRENT_START] = start;
  }
}

/** A copy of the agent's log-size moments (off the hot path: large responses, snapshots). */
export function agentSizeMoments(agent: AgentState): Float64Array {
  const from = agent.at + AGENT_SIZE_AT;
  return agent.slab.data.slice(from, from + MOMENTS_STRIDE);
}

export function setAgentSizeMoments(agent: AgentState, moments: ArrayLike<number>): void {
  if (moments.length !== MOMENTS_STRIDE) throw new RangeError('size moments have the wrong length');
  agent.slab.data.set(moments, agent.at + AGENT_SIZE_AT);
}

export function createAgentState(
  id: string,
  time: number,
  rateOptions: WindowRateOptions,
  slabs: StateSlabs,
  causeMemoryMs: number,
  scaleRateOptions: readonly WindowRateOptions[] = [],
): AgentState {
  return new AgentState(
    id,
    time,
    rateOptions,
    slabs.agents,
    slabs.opRefs,
    causeMemoryMs,
    scaleRateOptions,
  );
}

/** The agent's rate baseline of a window scale (0: the base windows). */
export function ratesAt(agent: AgentState, level: number): WindowRateBaseline {
  return level === 0 ? agent.rates : (agent.scaleRates[level - 1] as WindowRateBaseline);
}

/** Gives the agent's and its operations' slab records back (the agent is being dropped). */
export function releaseAgentState(agent: AgentState, slabs: StateSlabs): void {
  slabs.agents.release(agent.at);
  slabs.opRefs.fill(undefined, agent.opRefsAt, agent.opRefsAt + MAX_INDEXED_OPS);
  for (const server of agent.servers.values())
    for (const op of server.ops.values()) slabs.ops.release(op.at);
}

export function createServerState(id: string, tree: ResourceTree): ServerState {
  return { id, ops: new Map(), shapes: new NoveltySet(), tree, ground: new KnownGround() };
}

/** The agent's operation with this population id, if indexed. */
export function indexedOp(agent: AgentState, populationId: number): OpState | undefined {
  const numbers = agent.slab.data;
  const at = agent.at;
  const count = numbers[at + OP_COUNT] as number;
  for (let i = 0; i < count; i++) {
    if (numbers[at + OP_IDS + i] === populationId) return agent.opRefs[agent.opRefsAt + i];
  }
  return undefined;
}

export function indexOp(agent: AgentState, op: OpState): void {
  const numbers = agent.slab.data;
  const at = agent.at;
  const count = numbers[at + OP_COUNT] as number;
  if (count >= MAX_INDEXED_OPS) return;
  numbers[at + OP_IDS + count] = op.population.id;
  numbers[at + OP_COUNT] = count + 1;
  agent.opRefs[agent.opRefsAt + count] = op;
}

/**
 * Records a use of a resource template on the operation's server; returns
 * true when the agent had not used it there. `shapeId` is the template's id in
 * the server's resource tree: the agent's string set is only read the first
 * time the operation is used with the template (or after a restore).
 */
export function observeShape(op: OpState, shapeId: number): boolean {
  const numbers = op.slab.data;
  const at = op.at;
  const count = numbers[at + OP_SHAPE_COUNT] as number;
  for (let i = 0; i < count; i++) if (numbers[at + OP_SHAPE_IDS + i] === shapeId) return false;
  if (count < MAX_INDEXED_SHAPES) {
    numbers[at + OP_SHAPE_IDS + count] = shapeId;
    numbers[at + OP_SHAPE_COUNT] = count + 1;
  }
  return op.server.shapes.observe(op.server.tree.template(shapeId));
}

/** A copy of the operation's log-size moments. */
export function opSizeMoments(op: OpState): Float64Array {
  const from = op.at + OP_SIZE_AT;
  return op.slab.data.slice(from, from + MOMENTS_STRIDE);
}

export function setOpSizeMoments(op: OpState, moments: ArrayLike<number>): void {
  if (moments.length !== MOMENTS_STRIDE) throw new RangeError('size moments have the wrong length');
  op.slab.data.set(moments, op.at + OP_SIZE_AT);
}

export function createOpState(
  server: ServerState,
  name: string,
  isTool: boolean,
  population: PopulationOp,
  slabs: StateSlabs,
): OpState {
  return {
    server,
    tree: server.tree,
    ground: server.ground,
    name,
    isTool,
    calls: 0,
    share: 0,
    slab: slabs.ops,
    at: slabs.ops.allocate(),
    definitionHash: undefined,
    knownHashes: [],
    definitionObservations: 0,
    population,
    lastWindow: undefined,
    lastCounter: undefined,
  };
}

/** Keys of the things an agent has used, as the population counts them. */
export const itemKey = {
  server: (server: string) => `s\u0000${server}`,
  tool: (server: string, tool: string) => `t\u0000${server}\u0000${tool}`,
  resource: (server: string, shape: string) => `r\u0000${server}\u0000${shape}`,
};

/** Whether an agent's use of `key` on `server` was reported (itself, or its server's first use). */
export function isSuspectUse(agent: AgentState, server: string, key: string): boolean {
  return isSuspect(agent.suspectItems, server, key);
}

function isSuspect(suspect: ReadonlySet<string>, server: string, key: string): boolean {
  return suspect.size > 0 && (suspect.has(key) || suspect.has(itemKey.server(server)));
}

/** Keys of the things an agent has used whose first use was not reported: it vouches for them. */
export function* unreportedItemKeys(agent: AgentState): Generator<string> {
  for (const server of agent.servers.values()) {
    const tools = [...server.ops.values()].filter((op) => op.isTool).map((op) => op.name);
    yield* vouchedKeys(agent.suspectItems, server.id, tools, server.shapes.keys());
  }
}

/** Of the things an agent used on one server, the keys of those whose first use was not reported. */
export function* vouchedKeys(
  suspect: ReadonlySet<string>,
  server: string,
  tools: Iterable<string>,
  shapes: Iterable<string>,
): Generator<string> {
  const keys = [itemKey.server(server)];
  for (const tool of tools) keys.push(itemKey.tool(server, tool));
  for (const shape of shapes) keys.push(itemKey.resource(server, shape));
  for (const key of keys) if (!isSuspect(suspect, server, key)) yield key;
}

/**
 * What an agent adds to the population's counts: the same whether the agent is
 * held here or by another instance (then read from the snapshot it saved).
 */
export interface AgentFacts {
  readonly observations: number;
  readonly mature: boolean;
  readonly definitionObservations: number;
  /** Keys of the things it vouches for (see unreportedItemKeys). */
  readonly vouched: readonly string[];
  /**
   * Per operation with definitions: its server, its name and the hashes the agent
   * knows, in the order it met them (every hash after the first is a change it met).
   */
  readonly definitions: readonly (readonly [string, string, readonly string[]])[];
}

export function agentFacts(agent: AgentState): AgentFacts {
  const definitions: [string, string, string[]][] = [];
  let definitionObservations = 0;
  for (const server of agent.servers.values()) {
    for (const op of server.ops.values()) {
      definitionObservations += op.definitionObservations;
      if (op.knownHashes.length > 0) definitions.push([server.id, op.name, op.knownHashes]);
    }
  }
  return {
    observations: agent.observations,
    mature: agent.mature,
    definitionObservations,
    vouched: [...unreportedItemKeys(agent)],
    definitions,
  };
}

/** The server an agent calls most (ties: the smaller id): its peer group. */
export function primaryServer(agent: AgentState): string | undefined {
  let best: ServerState | undefined;
  let bestCalls = 0;
  for (const server of agent.servers.values()) {
    const calls = serverCalls(server);
    if (best === undefined || calls > bestCalls || (calls === bestCalls && server.id < best.id)) {
      best = server;
      bestCalls = calls;
    }
  }
  return best?.id;
}
