import { type WindowRateOptions, type WindowRateSnapshot } from '@vigil/baselines';
import {
  createAgentState,
  createOpState,
  agentSizeMoments,
  createServerState,
  opSizeMoments,
  releaseAgentState,
  serverCalls,
  setAgentSizeMoments,
  setOpSizeMoments,
  vouchedKeys,
  type AgentFacts,
  type AgentState,
  type StateSlabs,
  type OpState,
} from './agent-state';
import { MAX_EVIDENCE_EVENTS } from '@vigil/contracts';
import type { CauseLedgerSnapshot } from './cause-ledger';
import { DetectionError } from './errors';
import type { Population } from './population';
import { createWindowAggregate, type WindowAggregate } from './window-aggregate';

const SNAPSHOT_VERSION = 1;

interface OpSnapshot {
  name: string;
  isTool: boolean;
  calls: number;
  share: number;
  size: number[];
  definitionHash: string | null;
  knownHashes: string[];
  definitionObservations: number;
}

interface ServerSnapshot {
  id: string;
  calls: number;
  shapes: string[];
  /** The agent's calls through each node of the server's resource tree, by the node's template; absent in older snapshots. */
  visits?: [string, number][];
  ops: OpSnapshot[];
}

interface WindowSnapshot {
  start: number;
  calls: number;
  bytes: number;
  evidence: string[];
  /** server, operation, calls, evidence, and in a roll-up the calls its evidence came from. */
  ops: [string, string, number, string[], number?][];
  users: string[];
  userEvidence: string[];
  largestIds: string[];
  largestBytes: number[];
  payloadReported: boolean;
  /** Roll-ups only: calls of the base window `evidence` came from. */
  peak?: number;
  /** Roll-ups only: causes a shorter window inside this one reported. */
  reported?: string[];
  /** Base windows under early firing: nextCalls, nextBytes, nextUsers (null: Infinity). */
  next?: [number | null, number | null, number | null];
}

/** One larger window scale of an agent: its rate baseline and open windows. */
interface ScaleSnapshot {
  /** Window length, which names the scale (its hop may change between versions). */
  ms: number;
  rates: WindowRateSnapshot;
  windows: WindowSnapshot[];
}

/** The JSON form of one agent: baselines, novelty sets, open windows. */
export interface AgentSnapshot {
  v: number;
  id: string;
  firstSeen: number;
  lastSeen: number;
  mature: boolean;
  peerKey: string | null;
  observations: number;
  discoveries: number;
  serverDiscoveries: number;
  /** Absent in snapshots written before suspect items were kept. */
  suspectItems?: string[];
  shareTotal: number;
  rates: WindowRateSnapshot;
  size: number[];
  servers: ServerSnapshot[];
  reported: [number, string[]][];
  windows: WindowSnapshot[];
  /** Absent in snapshots written before anomalies were kept per cause. */
  causes?: CauseLedgerSnapshot;
  /**
   * The larger window scales (windowScales), by window length. Absent in
   * snapshots written before scales existed, and a scale no longer
   * configured is ignored: such scales start empty (same version, 1).
   */
  scales?: ScaleSnapshot[];
}

type OpenWindows = readonly { start: number; aggregate: WindowAggregate }[];

/** A larger window scale as snapshots see it: its window length and rate options. */
export interface SnapshotScale {
  readonly ms: number;
  readonly rateOptions: WindowRateOptions;
}

export function snapshotAgent(
  agent: AgentState,
  windows: OpenWindows,
  scales: readonly SnapshotScale[] = [],
  scaleWindows: readonly OpenWindows[] = [],
): AgentSnapshot {
  return {
    v: SNAPSHOT_VERSION,
    id: agent.id,
    firstSeen: agent.firstSeen,
    lastSeen: agent.lastSeen,
    mature: agent.mature,
    peerKey: agent.peerKey ?? null,
    observations: agent.observations,
    discoveries: agent.discoveries,
    serverDiscoveries: agent.serverDiscoveries,
    suspectItems: [...agent.suspectItems],
    shareTotal: agent.shareTotal,
    rates: agent.rates.toJSON(),
    size: Array.from(agentSizeMoments(agent)),
    servers: [...agent.servers.values()].map((server) => ({
      id: server.id,
      calls: serverCalls(server),
      shapes: server.shapes.toJSON(),
      visits: server.tree.visitsToJSON(server.ground),
      ops: [...server.ops.values()].map((op) => ({
        name: op.name,
        isTool: op.isTool,
        calls: op.calls,
        share: op.share,
        size: Array.from(opSizeMoments(op)),
        definitionHash: op.definitionHash ?? null,
        knownHashes: [...op.knownHashes],
        definitionObservations: op.definitionObservations,
      })),
    })),
    reported: [...agent.reported].map(([start, keys]) => [start, [...keys]]),
    causes: agent.causes.toJSON(),
    windows: windows.map(snapshotWindow),
    scales: agent.scaleRates.map((rates, i) => ({
      ms: (scales[i] as SnapshotScale).ms,
      rates: rates.toJSON(),
      windows: (scaleWindows[i] ?? []).map(snapshotWindow),
    })),
  };
}

function snapshotWindow({ start, aggregate }: OpenWindows[number]): WindowSnapshot {
  const rollUp = aggregate.peak > 0 || aggregate.reported !== undefined;
  return {
    start,
    calls: aggregate.calls,
    bytes: aggregate.bytes,
    evidence: [...aggregate.evidence],
    ops: [...aggregate.ops].map(([op, counted]) =>
      counted.peak === undefined
        ? [op.server.id, op.name, counted.count, [...counted.evidence]]
        : [op.server.id, op.name, counted.count, [...counted.evidence], counted.peak],
    ),
    users: [...aggregate.users],
    userEvidence: [...aggregate.userEvidence],
    largestIds: [...aggregate.largestIds],
    largestBytes: [...aggregate.largestBytes],
    payloadReported: aggregate.payloadReported,
    ...(rollUp ? { peak: aggregate.peak, reported: [...(aggregate.reported ?? [])] } : {}),
    ...(aggregate.nextCalls < Infinity ||
    aggregate.nextBytes < Infinity ||
    aggregate.nextUsers < Infinity
      ? {
          next: [
            finite(aggregate.nextCalls),
            finite(aggregate.nextBytes),
            finite(aggregate.nextUsers),
          ],
        }
      : {}),
  };
}

/**
 * What an agent another instance holds adds to the population, read from the
 * snapshot that instance saved (see Population.setRemote), without rebuilding it.
 */
export function snapshotFacts(agentId: string, input: unknown): AgentFacts {
  const snapshot = checkedSnapshot(agentId, input);
  try {
    const suspect = new Set((snapshot.suspectItems ?? []).map(String));
    const vouched: string[] = [];
    const definitions: [string, string, string[]][] = [];
    let definitionObservations = 0;
    for (const server of snapshot.servers) {
      const id = String(server.id);
      const tools = server.ops.filter((op) => op.isTool).map((op) => String(op.name));
      vouched.push(...vouchedKeys(suspect, id, tools, server.shapes.map(String)));
      for (const op of server.ops) {
        definitionObservations += tally(op.definitionObservations);
        if (op.knownHashes.length > 0)
          definitions.push([id, String(op.name), op.knownHashes.map(String)]);
      }
    }
    return {
      observations: tally(snapshot.observations),
      mature: snapshot.mature === true,
      definitionObservations,
      vouched,
      definitions,
    };
  } catch (error) {
    throw new DetectionError(
      'VIGIL_DETECT_BAD_SNAPSHOT',
      `snapshot of agent ${agentId} is malformed`,
      { cause: error },
    );
  }
}

function checkedSnapshot(agentId: string, input: unknown): AgentSnapshot {
  const snapshot = input as AgentSnapshot;
  if (
    typeof snapshot !== 'object' ||
    snapshot === null ||
    snapshot.v !== SNAPSHOT_VERSION ||
    snapshot.id !== agentId
  ) {
    throw new DetectionError(
      'VIGIL_DETECT_BAD_SNAPSHOT',
      `not a version ${SNAPSHOT_VERSION} snapshot of agent ${agentId}`,
    );
  }
  return snapshot;
}

/**
 * Rebuilds an agent and its open windows from `snapshotAgent` output. Of the
 * population it only walks the resource trees (so the agent's known ground is
 * there again); the engine joins the agent to the rest afterwards.
 */
export function restoreAgentSnapshot(
  agentId: string,
  input: unknown,
  rateOptions: WindowRateOptions,
  causeMemoryMs: number,
  population: Population,
  slabs: StateSlabs,
  scales: readonly SnapshotScale[] = [],
): {
  agent: AgentState;
  windows: { start: number; aggregate: WindowAggregate }[];
  /** Per larger scale, in `scales`' order: its open windows. */
  scaleWindows: { start: number; aggregate: WindowAggregate }[][];
} {
  const snapshot = checkedSnapshot(agentId, input);
  // Slab records taken before a malformed part is found are given back.
  let created: AgentState | undefined;
  try {
    const agent = createAgentState(
      agentId,
      snapshot.firstSeen,
      rateOptions,
      slabs,
      causeMemoryMs,
      scales.map((scale) => scale.rateOptions),
    );
    created = agent;
    agent.lastSeen = snapshot.lastSeen;
    agent.mature = snapshot.mature;
    agent.peerKey = snapshot.peerKey ?? undefined;
    agent.observations = snapshot.observations;
    agent.discoveries = snapshot.discoveries;
    agent.serverDiscoveries = snapshot.serverDiscoveries;
    for (const key of snapshot.suspectItems ?? []) agent.suspectItems.add(key);
    agent.shareTotal = snapshot.shareTotal;
    agent.rates.restore(snapshot.rates);
    setAgentSizeMoments(agent, snapshot.size);
    for (const saved of snapshot.servers) {
      const server = createServerState(saved.id, population.resourceTree(saved.id));
      for (const saved_shape of saved.shapes) {
        const shape = String(saved_shape);
        server.shapes.observe(shape);
        server.tree.firstUse(server.tree.templateIdOf(shape), server.ground);
      }
      server.tree.restoreVisits(
        server.ground,
        (saved.visits ?? []).map(([template, count]) => [String(template), Number(count)]),
      );
      agent.servers.set(server.id, server);
      for (const savedOp of saved.ops) {
        const op = createOpState(
          server,
          savedOp.name,
          savedOp.isTool,
          population.op(saved.id, savedOp.name),
          slabs,
        );
        server.ops.set(op.name, op);
        op.calls = savedOp.calls;
        op.share = savedOp.share;
        setOpSizeMoments(op, savedOp.size);
        op.definitionHash = savedOp.definitionHash ?? undefined;
        op.knownHashes.push(...savedOp.knownHashes);
        op.definitionObservations = savedOp.definitionObservations;
      }
    }
    for (const [start, keys] of snapshot.reported) agent.reported.set(start, new Set(keys));
    agent.causes.restore(snapshot.causes ?? []);
    const restoreWindows = (saved: WindowSnapshot[]) =>
      saved.map((window) => ({ start: window.start, aggregate: restoreWindow(agent, window) }));
    const windows = restoreWindows(snapshot.windows);
    const scaleWindows = agent.scaleRates.map((rates, i) => {
      const { ms } = scales[i] as SnapshotScale;
      const saved = (snapshot.scales ?? []).find((scale) => scale.ms === ms);
      if (saved === undefined) return [];
      rates.restore(saved.rates);
      return restoreWindows(saved.windows);
    });
    return { agent, windows, scaleWindows };
  } catch (error) {
    if (created !== undefined) releaseAgentState(created, slabs);
    throw new DetectionError(
      'VIGIL_DETECT_BAD_SNAPSHOT',
      `snapshot of agent ${agentId} is malformed`,
      { cause: error },
    );
  }
}

function restoreWindow(agent: AgentState, saved: WindowSnapshot): WindowAggregate {
  const aggregate = createWindowAggregate();
  aggregate.calls = saved.calls;
  aggregate.bytes = saved.bytes;
  aggregate.evidence.push(...saved.evidence);
  for (const [serverId, opName, count, evidence, peak] of saved.ops) {
    const op: OpState | undefined = agent.servers.get(serverId)?.ops.get(opName);
    if (op === undefined)
      throw new Error(`window refers to unknown operation ${serverId}/${opName}`);
    aggregate.ops.set(
      op,
      peak === undefined
        ? { count, evidence: [...evidence] }
        : { count, evidence: [...evidence], peak },
    );
  }
  for (const user of saved.users) aggregate.users.add(user);
  aggregate.userEvidence.push(...saved.userEvidence);
  aggregate.largestIds.push(...saved.largestIds);
  aggregate.largestBytes.push(...saved.largestBytes);
  aggregate.largestFloor =
    aggregate.largestBytes.length >= MAX_EVIDENCE_EVENTS ? Math.min(...aggregate.largestBytes) : 0;
  aggregate.payloadReported = saved.payloadReported;
  aggregate.peak = saved.peak ?? 0;
  if (saved.reported !== undefined && saved.reported.length > 0)
    aggregate.reported = new Set(saved.reported);
  if (saved.next !== undefined) {
    const [calls, bytes, users] = saved.next;
    aggregate.nextCalls = calls ?? Infinity;
    aggregate.nextBytes = bytes ?? Infinity;
    aggregate.nextUsers = users ?? Infinity;
    // Judged under a version not saved: the next event's version sets the triggers back.
    aggregate.earlyVersion = -Infinity;
  }
  return aggregate;
}

/** JSON has no Infinity. */
/** A count read from a snapshot: a malformed one is refused, not counted as NaN. */
function tally(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new Error(`not a count: ${String(value)}`);
  return value;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
