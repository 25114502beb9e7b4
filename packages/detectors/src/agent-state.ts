import {
  MOMENTS_STRIDE,
  NoveltySet,
  WindowRateBaseline,
  type WindowRateOptions,
} from '@vigil/baselines';
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
  readonly name: string;
  readonly isTool: boolean;
  calls: number;
  /** Decayed calls per window: this operation's share of the agent's calls. */
  share: number;
  readonly size: Float64Array;
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

export interface ServerState {
  readonly id: string;
  calls: number;
  readonly ops: Map<string, OpState>;
  readonly shapes: NoveltySet;
  /** Interned ids (UriShapeCache) of shapes known to be in `shapes`: a scan of small integers per event, not a string set lookup. */
  readonly shapeIds: number[];
}

/** Everything Vigil knows about one agent; JSON-serializable through agent-snapshot. */
export interface AgentState {
  readonly id: string;
  firstSeen: number;
  lastSeen: number;
  mature: boolean;
  /** Its peer group: the server it calls most. */
  peerKey: string | undefined;
  observations: number;
  /** Observations that were the first use of a server, tool or resource shape. */
  discoveries: number;
  /** Of those, first uses of a server: rare for a settled agent, so a new server is a strong signal. */
  serverDiscoveries: number;
  /**
   * Item keys (see itemKey) whose first use was reported as new_resource, and
   * everything on a server whose first use was: such use makes nothing
   * familiar to other agents.
   */
  readonly suspectItems: Set<string>;
  readonly servers: Map<string, ServerState>;
  /**
   * Its operations by population id (PopulationOp.id), as parallel lists: an
   * event finds its operation by scanning a few small integers, where map
   * lookups by name cost several cache misses with thousands of agents. Only
   * a cache of `servers`: filled on first use, also after a restore.
   */
  readonly opIds: number[];
  readonly opsById: OpState[];
  readonly rates: WindowRateBaseline;
  /** Log-size moments over all its calls. */
  readonly size: Float64Array;
  shareTotal: number;
  /** Per-event anomalies already reported, by window start, so each is reported once. */
  readonly reported: Map<number, Set<string>>;
  /**
   * The open windows of the latest window start seen, so that most events skip
   * the window store. Valid while `currentStart` matches: an on-time event's
   * windows cannot have closed (they end after it, and it is not older than
   * the watermark).
   */
  currentStart: number;
  currentWindows: WindowAggregate[];
  /** Changed since the last takeDirtyAgents. */
  dirty: boolean;
}

export function createAgentState(
  id: string,
  time: number,
  rateOptions: WindowRateOptions,
): AgentState {
  return {
    id,
    firstSeen: time,
    lastSeen: time,
    mature: false,
    peerKey: undefined,
    observations: 0,
    discoveries: 0,
    serverDiscoveries: 0,
    suspectItems: new Set(),
    servers: new Map(),
    opIds: [],
    opsById: [],
    rates: new WindowRateBaseline(WINDOW_METRICS, rateOptions),
    size: new Float64Array(MOMENTS_STRIDE),
    shareTotal: 0,
    reported: new Map(),
    currentStart: NaN,
    currentWindows: [],
    dirty: false,
  };
}

export function createServerState(id: string, shapes = new NoveltySet()): ServerState {
  return { id, calls: 0, ops: new Map(), shapes, shapeIds: [] };
}

/**
 * Past this many entries an id list stops growing and lookups fall back to
 * the maps, so that an agent using thousands of things scans no long list.
 */
const MAX_INDEXED_IDS = 32;

/** The agent's operation with this population id, if indexed. */
export function indexedOp(agent: AgentState, populationId: number): OpState | undefined {
  const at = agent.opIds.indexOf(populationId);
  return at < 0 ? undefined : agent.opsById[at];
}

export function indexOp(agent: AgentState, op: OpState): void {
  if (agent.opIds.length >= MAX_INDEXED_IDS) return;
  agent.opIds.push(op.population.id);
  agent.opsById.push(op);
}

/**
 * Records a use of a resource shape on a server; returns true when it was new.
 * `shapeId` is the shape's interned id: the string set is only read the first
 * time the agent uses the shape on this server (or after a restore).
 */
export function observeShape(server: ServerState, shapeId: number, shape: string): boolean {
  if (server.shapeIds.includes(shapeId)) return false;
  if (server.shapeIds.length < MAX_INDEXED_IDS) server.shapeIds.push(shapeId);
  return server.shapes.observe(shape);
}

export function createOpState(
  server: ServerState,
  name: string,
  isTool: boolean,
  population: PopulationOp,
): OpState {
  return {
    server,
    name,
    isTool,
    calls: 0,
    share: 0,
    size: new Float64Array(MOMENTS_STRIDE),
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
  const suspect = agent.suspectItems;
  return suspect.size > 0 && (suspect.has(key) || suspect.has(itemKey.server(server)));
}

/** Keys of the things an agent has used whose first use was not reported: it vouches for them. */
export function* unreportedItemKeys(agent: AgentState): Generator<string> {
  for (const server of agent.servers.values()) {
    for (const key of serverItemKeys(server)) if (!isSuspectUse(agent, server.id, key)) yield key;
  }
}

function* serverItemKeys(server: ServerState): Generator<string> {
  yield itemKey.server(server.id);
  for (const op of server.ops.values()) if (op.isTool) yield itemKey.tool(server.id, op.name);
  for (const shape of server.shapes.keys()) yield itemKey.resource(server.id, shape);
}

/** The server an agent calls most (ties: the smaller id): its peer group. */
export function primaryServer(agent: AgentState): string | undefined {
  let best: ServerState | undefined;
  for (const server of agent.servers.values()) {
    if (
      best === undefined ||
      server.calls > best.calls ||
      (server.calls === best.calls && server.id < best.id)
    )
      best = server;
  }
  return best?.id;
}
