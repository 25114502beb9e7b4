import {
  DEFAULT_RESOURCE_TREE_OPTIONS,
  decayForHalfLife,
  type Expectation,
  type WindowRateOptions,
} from '@vigil/baselines';
import { describeZodIssues, type AuditEvent, type Enrichment } from '@vigil/contracts';
import {
  KeyedWindowStore,
  PartitionedWatermark,
  SeenIds,
  hoppingWindows,
  latestWindowStart,
  parseEventTime,
  type KeyedWindow,
} from '@vigil/streaming';
import {
  METRIC_BYTES,
  METRIC_CALLS,
  METRIC_USERS,
  WINDOW_METRICS,
  createAgentState,
  createOpState,
  createServerState,
  createStateSlabs,
  releaseAgentState,
  indexOp,
  indexedOp,
  isSuspectUse,
  itemKey,
  observeShape,
  primaryServer,
  ratesAt,
  type AgentState,
  type OpState,
} from './agent-state';
import { AgentRecency, type AgentSegment } from './agent-recency';
import { restoreAgentSnapshot, snapshotAgent, snapshotFacts } from './agent-snapshot';
import { finishAnomaly, type AnomalyDraft, type CoreAnomaly } from './anomaly';
import { CauseLedger, causeKey, isServerWide } from './cause-ledger';
import {
  WaitingAgents,
  earlyVersion,
  type WaitingAgent,
  type WatchedWindow,
} from './early-deferral';
import { DetectionConfig, type DetectionConfigInput } from './config';
import { detectCallVolume } from './detect-call-volume';
import {
  judgeOpenWindow,
  reachesTrigger,
  resetTriggers,
  runningValues,
  type RunningValues,
  type ScaleWatch,
} from './early-firing';
import { detectNewResource, type Discovery } from './detect-new-resource';
import { detectCallPayload, detectWindowBytes } from './detect-payload-size';
import { detectPrincipalFanout } from './detect-principal-fanout';
import { detectRevokedToken } from './detect-revoked-token';
import { detectTokenMisuse } from './detect-token-misuse';
import { detectToolDefinitionChange } from './detect-tool-definition';
import { DetectionError } from './errors';
import type { EventContext } from './event-context';
import { scaleExpectation, surgeFactors, windowExpectation } from './expectations';
import { Population } from './population';
import { resolveScales, type WindowScale } from './scales';
import {
  addToWindow,
  copyWindow,
  createWindowAggregate,
  type EarlyFloors,
  foldWindow,
  markReported,
  releaseWindow,
  type WindowAggregate,
} from './window-aggregate';

export interface DetectorInput {
  event: AuditEvent;
  enrichment?: Enrichment;
  partition: number;
  /** The event time in epoch ms when the shell has it already (the pipeline envelope carries it), so it is parsed once. */
  timeMs?: number;
}

/** `anomalies` may be a shared frozen empty array: treat it as read-only. */
export interface IngestResult {
  anomalies: CoreAnomaly[];
  late: boolean;
}

/** Where an agent's calls past its bounds on servers and tools are counted. */
const OTHER_SERVERS = '{other servers}';
const OTHER_TOOLS = '{other tools}';

export interface DetectionEngine {
  /** Feed one event (in arrival order); returns the anomalies it triggered, including windows the advanced watermark closed. */
  ingest(input: DetectorInput): IngestResult;
  /**
   * Re-judges the identity of an event already ingested, after a late identity
   * event changed its verdict (a revocation that arrived after the use): runs
   * the identity detectors only, and counts nothing again.
   */
  reassess(input: DetectorInput): CoreAnomaly[];
  /**
   * Tells whether a partition still has unread input (consumer lag): such a
   * partition always holds the watermark back, so reading a backlog in large
   * per-partition batches makes no other partition's events late.
   */
  setPartitionBacklog(partition: number, backlogged: boolean): void;
  /**
   * The partitions this instance now owns, after each Kafka rebalance. Those
   * given up stop holding the watermark back. Those handed over from another
   * instance resume where it committed, possibly behind this engine's
   * watermark: the first event of each is not late and moves the watermark back
   * to cover it, while the other partitions' closed windows stay closed.
   */
  assignPartitions(partitions: Iterable<number>): void;
  /** Close every open window (end of a finite replay) and return what that produces. */
  flush(): CoreAnomaly[];
  /** Current watermark in epoch ms, or undefined before any event. */
  watermark(): number | undefined;
  /** JSON-serializable state of one agent (baselines, open windows, novelty sets), for a compacted changelog keyed by agent id. */
  snapshotAgent(agentId: string): unknown;
  /** Restore an agent's state from snapshotAgent output (e.g. after a restart or a rebalance). */
  restoreAgent(agentId: string, snapshot: unknown): void;
  /**
   * Forget an agent (its partition moved to another instance). What it adds to
   * the population stays counted, as another instance's agent, until its next
   * snapshot from there (`setRemoteAgent`) replaces it.
   */
  dropAgent(agentId: string): void;
  /**
   * What an agent another instance holds adds to the population's counts, from
   * the latest snapshot that instance saved of it (undefined: it is gone). The
   * counts then cover the whole fleet, so a judgment does not depend on how the
   * partitions are shared out. Ignored for an agent held here.
   */
  setRemoteAgent(agentId: string, snapshot: unknown): void;
  /** Agents whose state changed since the last call (to know what to snapshot), then resets that set. */
  takeDirtyAgents(): string[];
  /**
   * Agents evicted (maxAgents) since the last call whose state may be stored
   * outside the engine (handed out by takeDirtyAgents, or restored) and that
   * are not tracked again: their stored state is to be deleted, or a restore
   * would bring them back. Then resets that set.
   */
  takeEvictedAgents(): string[];
  stats(): {
    agents: number;
    /** Of those, agents with history (see agent-recency.ts); the rest are on probation. */
    protectedAgents: number;
    /** Agents evicted to stay within maxAgents, by the segment they were in. */
    evictedAgents: Record<AgentSegment, number>;
    openWindows: number;
    lateEvents: number;
    eventsIngested: number;
    duplicateEvents: number;
    /** Open windows of the larger scales (windowScales), over all agents. */
    openScaleWindows: number;
    /** Agents other instances hold, counted in the population from their snapshots. */
    remoteAgents: number;
    /**
     * Calls counted under an agent's `{other servers}` or `{other tools}`: it reached
     * maxServersPerAgent or maxToolsPerServer, or the population maxServers.
     */
    boundedCalls: number;
  };
}

const NO_ANOMALIES: CoreAnomaly[] = Object.freeze([]) as unknown as CoreAnomaly[];
const QUIET: IngestResult = Object.freeze({ anomalies: NO_ANOMALIES, late: false });
const LATE: IngestResult = Object.freeze({ anomalies: NO_ANOMALIES, late: true });
const DAY_MS = 86_400_000;
const NO_SURGE = [1, 1, 1];
const NEVER_EARLY: EarlyFloors = { calls: Infinity, bytes: Infinity, users: Infinity };

/** A window scale and its open windows: level 0 holds the base windows events count into. */
interface ScaleWindows {
  readonly scale: WindowScale;
  readonly windows: KeyedWindowStore<WindowAggregate>;
  /** Where its open windows are first judged early (early firing off: never). */
  readonly floors: EarlyFloors;
}

/**
 * Creates the pure detection core: event-time windows and watermark, per-agent
 * baselines, population (peer) statistics and the seven detectors. Same input
 * in the same order, same output with the same ids. Peer and population
 * statistics are engine-wide, not in agent snapshots: after a restart they
 * are rebuilt from the restored agents.
 */
export function createDetectionEngine(
  config: DetectionConfigInput | Partial<DetectionConfig> = {},
): DetectionEngine {
  const parsed = DetectionConfig.safeParse(config);
  if (!parsed.success) {
    throw new DetectionError(
      'VIGIL_DETECT_BAD_CONFIG',
      `invalid detection config: ${describeZodIssues(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  return new Engine(parsed.data);
}

class Engine implements DetectionEngine {
  private readonly agents = new Map<string, AgentState>();
  /** Who is evicted when a new agent would exceed maxAgents. */
  private readonly recency: AgentRecency<AgentState>;
  private readonly evicted = new Set<string>();
  private readonly evictions: Record<AgentSegment, number> = { probation: 0, protected: 0 };
  /** Calls counted under `{other servers}` or `{other tools}` (see boundedServer). */
  private boundedCalls = 0;
  private readonly population: Population;
  private readonly slabs = createStateSlabs();
  private readonly windows: KeyedWindowStore<WindowAggregate>;
  /** The base scale (its windows are `windows`), then the roll-ups, shortest first. */
  private readonly scales: ScaleWindows[];
  /** Earliest end of an open roll-up window: lets ingest check one number. */
  private scaleNextEnd = Infinity;
  /** Per peer group, the surge factors of the latest batches of base windows that closed, oldest first (early firing's). */
  private readonly baseSurges: { end: number; surges: Map<string, number[]> }[] = [];
  private readonly surgeHistory: number;
  private readonly waiting = new WaitingAgents();
  /**
   * Early firing over an hour or a day, when a population surge there is not
   * known yet: calls and bytes fire early only if they would under the largest
   * surge the close allows; distinct users do not follow load.
   */
  private readonly conservativeSurge: readonly number[];
  private readonly clock: PartitionedWatermark;
  private readonly seen: SeenIds;
  private readonly dirty = new Set<AgentState>();
  private readonly rateOptions: WindowRateOptions;
  private readonly scaleRateOptions: WindowRateOptions[];
  /** Each event falls in exactly one window (hop = size). */
  private readonly tumbling: boolean;
  private readonly sizeDecay: number;
  private readonly shareDecay: number;
  private readonly discoveries: Discovery[] = [0, 1, 2].map(() => ({
    kind: 'server',
    server: '',
    itemKey: '',
    label: '',
    chance: 1,
    habit: 1,
  }));
  private readonly ctx: EventContext;
  /** Causes that belong to a server (a changed tool definition), whichever agent meets them. */
  private readonly serverCauses: CauseLedger;
  private pending: CoreAnomaly[] | undefined;
  private lateEvents = 0;
  private eventsIngested = 0;
  private duplicateEvents = 0;

  constructor(private readonly config: DetectionConfig) {
    this.population = new Population({
      maxChildren: config.resourceTreeMaxChildren,
      maxNodes: config.resourceTreeMaxNodes,
      maxDepth: config.resourceTreeMaxDepth,
      establishedUses: config.knownMinEstablishedAgents,
      habitPriorVisits: DEFAULT_RESOURCE_TREE_OPTIONS.habitPriorVisits,
    });
    const hopMs = config.windowHopMs === 0 ? config.windowMs : config.windowHopMs;
    try {
      this.scales = resolveScales(config).map((scale) => {
        const early: EarlyFloors | undefined = config.earlyFiring
          ? {
              calls: scale.callVolumeMinCalls,
              bytes: scale.windowBytesMin,
              users: scale.fanoutMinUsers,
            }
          : undefined;
        return {
          scale,
          windows: new KeyedWindowStore(hoppingWindows(scale.ms, scale.hopMs, scale.offsetMs), () =>
            createWindowAggregate(early),
          ),
          floors: early ?? NEVER_EARLY,
        };
      });
      this.windows = (this.scales[0] as ScaleWindows).windows;
      this.clock = new PartitionedWatermark(config);
    } catch (error) {
      throw new DetectionError('VIGIL_DETECT_BAD_CONFIG', (error as Error).message, {
        cause: error,
      });
    }
    this.tumbling = hopMs === config.windowMs;
    this.conservativeSurge = [config.maxSurgeFactor, config.maxSurgeFactor, 1];
    this.seen = new SeenIds(config.dedupeCapacity);
    this.rateOptions = (this.scales[0] as ScaleWindows).scale.rateOptions;
    this.scaleRateOptions = this.scales.slice(1).map(({ scale }) => scale.rateOptions);
    this.sizeDecay = decayForHalfLife(config.sizeHalfLifeCalls);
    this.shareDecay = decayForHalfLife((config.baselineHalfLifeDays * DAY_MS) / hopMs);
    this.ctx = { config, population: this.population } as EventContext;
    this.serverCauses = new CauseLedger(config.causeMemoryMs);
    this.recency = new AgentRecency(Math.floor(config.maxAgents * config.protectedAgentsShare));
    // Enough batches to reach back to the version of any judgment still waiting.
    this.surgeHistory = Math.ceil((config.windowMs + config.allowedLatenessMs) / hopMs) + 2;
  }

  ingest(input: DetectorInput): IngestResult {
    const event = input.event;
    const time = input.timeMs ?? parseEventTime(event.time);
    if (!Number.isFinite(time)) {
      this.lateEvents++;
      return LATE;
    }
    if (!this.seen.add(event.eventId)) {
      this.duplicateEvents++;
      return QUIET;
    }
    const partition = Number.isSafeInteger(input.partition) ? input.partition : 0;
    if (this.clock.isLate(partition, time)) {
      this.lateEvents++;
      return LATE;
    }
    this.eventsIngested++;
    const watermark = this.clock.observe(partition, time);
    this.pending = undefined;
    const nextEnd = this.windows.nextEnd();
    if ((nextEnd !== undefined && nextEnd <= watermark) || this.scaleNextEnd <= watermark)
      this.closeWindows(watermark);
    if (this.waiting.anyDue(watermark)) this.judgeWaiting(watermark);
    this.process(event, input.enrichment, time);
    const anomalies = this.pending;
    this.pending = undefined;
    return anomalies === undefined ? QUIET : { anomalies, late: false };
  }

  reassess(input: DetectorInput): CoreAnomaly[] {
    const { event, enrichment } = input;
    const agent = this.agents.get(event.agentId);
    const time = input.timeMs ?? parseEventTime(event.time);
    if (agent === undefined || enrichment === undefined || !Number.isFinite(time)) {
      return NO_ANOMALIES;
    }
    this.pending = undefined;
    const ctx = this.ctx;
    ctx.agent = agent;
    ctx.event = event;
    ctx.enrichment = enrichment;
    ctx.time = time;
    ctx.windowStart = latestWindowStart(time, this.windows.spec);
    this.markDirty(agent);
    this.emit(detectTokenMisuse(ctx));
    this.emit(detectRevokedToken(ctx));
    const anomalies = this.pending ?? NO_ANOMALIES;
    this.pending = undefined;
    return anomalies;
  }

  setPartitionBacklog(partition: number, backlogged: boolean): void {
    this.clock.setBacklog(partition, backlogged);
  }

  assignPartitions(partitions: Iterable<number>): void {
    this.clock.assign(partitions);
  }

  flush(): CoreAnomaly[] {
    this.pending = undefined;
    this.closeWindows(Number.MAX_SAFE_INTEGER);
    for (const agent of this.agents.values()) agent.currentStart = NaN;
    const anomalies = this.pending ?? [];
    this.pending = undefined;
    return anomalies;
  }

  watermark(): number | undefined {
    return this.clock.current();
  }

  snapshotAgent(agentId: string): unknown {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return undefined;
    const larger = this.scales.slice(1);
    return snapshotAgent(
      agent,
      this.windows.windowsOf(agentId),
      larger.map(({ scale }) => scale),
      larger.map(({ windows }) => windows.windowsOf(agentId)),
    );
  }

  restoreAgent(agentId: string, snapshot: unknown): void {
    const restored = restoreAgentSnapshot(
      agentId,
      snapshot,
      this.rateOptions,
      this.config.causeMemoryMs,
      this.population,
      this.slabs,
      this.scales.slice(1).map(({ scale }) => scale),
    );
    this.dropAgent(agentId);
    this.track(restored.agent);
    restored.agent.stored = true;
    this.promoteIfEstablished(restored.agent);
    for (const window of restored.windows)
      this.windows.restore(agentId, window.start, window.aggregate);
    restored.scaleWindows.forEach((windows, i) => {
      const store = (this.scales[i + 1] as ScaleWindows).windows;
      for (const window of windows) store.restore(agentId, window.start, window.aggregate);
    });
    this.scaleNextEnd = this.nextScaleEnd();
  }

  dropAgent(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    this.population.setRemote(agentId, this.population.leave(agent));
    this.forget(agent);
  }

  setRemoteAgent(agentId: string, snapshot: unknown): void {
    if (this.agents.has(agentId)) return;
    this.population.setRemote(
      agentId,
      snapshot === undefined ? undefined : snapshotFacts(agentId, snapshot),
    );
  }

  /** Lets go of a held agent's state; the population's counts are the caller's. */
  private forget(agent: AgentState): void {
    const agentId = agent.id;
    for (const { windows } of this.scales) windows.drop(agentId);
    this.agents.delete(agentId);
    this.recency.remove(agent);
    this.waiting.forget(agent);
    releaseAgentState(agent, this.slabs);
    this.dirty.delete(agent);
  }

  takeDirtyAgents(): string[] {
    const ids: string[] = [];
    for (const agent of this.dirty) {
      ids.push(agent.id);
      agent.dirty = false;
      agent.stored = true;
    }
    this.dirty.clear();
    return ids.sort();
  }

  takeEvictedAgents(): string[] {
    const ids = [...this.evicted].filter((id) => !this.agents.has(id)).sort();
    this.evicted.clear();
    return ids;
  }

  /** Starts tracking an agent, first evicting the next in line if that would exceed maxAgents. */
  private track(agent: AgentState): void {
    while (this.agents.size >= this.config.maxAgents) {
      const next = this.recency.next();
      if (next === undefined) break;
      this.evictions[next.segment]++;
      if (next.agent.stored) this.evicted.add(next.agent.id);
      this.population.leave(next.agent);
      this.forget(next.agent);
    }
    this.agents.set(agent.id, agent);
    this.population.join(agent);
    this.recency.admit(agent);
  }

  /** An agent with a day of its own history and enough calls is protected from a flood of newcomers. */
  private promoteIfEstablished(agent: AgentState): void {
    if (agent.mature && agent.observations >= this.config.protectedMinCalls)
      this.recency.promote(agent);
  }

  private mature(agent: AgentState): void {
    agent.mature = true;
    this.population.matured(agent);
  }

  private markDirty(agent: AgentState): void {
    if (agent.dirty) return;
    agent.dirty = true;
    this.dirty.add(agent);
  }

  stats() {
    return {
      agents: this.agents.size,
      protectedAgents: this.recency.protectedSize,
      evictedAgents: { ...this.evictions },
      openWindows: this.windows.size,
      lateEvents: this.lateEvents,
      eventsIngested: this.eventsIngested,
      duplicateEvents: this.duplicateEvents,
      openScaleWindows: this.scales.reduce(
        (open, { scale, windows }) => (scale.level === 0 ? open : open + windows.size),
        0,
      ),
      remoteAgents: this.population.remoteAgents,
      boundedCalls: this.boundedCalls,
    };
  }

  /**
   * Queues the anomaly if it scores at least minScore, as the next version of
   * its cause when that was reported lately; returns whether it did.
   */
  private emit(draft: AnomalyDraft | undefined): boolean {
    if (draft === undefined) return false;
    const found = finishAnomaly(draft, this.config.minScore);
    if (found === undefined) return false;
    const serverWide = isServerWide(draft.kind);
    const ledger = serverWide ? this.serverCauses : this.agents.get(draft.agentId)?.causes;
    const anomaly =
      ledger === undefined
        ? found
        : ledger.record(
            causeKey(draft.kind, draft.cause ?? draft.key),
            found,
            draft.eventTimeMs,
            -draft.log10P,
            serverWide,
          );
    (this.pending ??= []).push(anomaly);
    return true;
  }

  /**
   * The server an agent's call is counted under: its own, or once the agent is on
   * maxServersPerAgent servers (or the population on maxServers) and this one is
   * new to it, its `{other servers}`.
   */
  private boundedServer(agent: AgentState, serverId: string): string {
    if (agent.servers.has(serverId)) return serverId;
    const { maxServersPerAgent, maxServers } = this.config;
    const full =
      agent.servers.size >= maxServersPerAgent - 1 ||
      (this.population.servers >= maxServers && !this.population.hasServer(serverId));
    if (!full) return serverId;
    this.boundedCalls++;
    return OTHER_SERVERS;
  }

  /** The operation a call is counted under: its own, or past maxToolsPerServer on the server, `{other tools}`. */
  private boundedOp(agent: AgentState, serverId: string, opName: string): string {
    const ops = agent.servers.get(serverId)?.ops;
    if (ops === undefined || ops.has(opName) || ops.size < this.config.maxToolsPerServer - 1)
      return opName;
    this.boundedCalls++;
    return OTHER_TOOLS;
  }

  /** Updates the agent's state with one on-time event and runs the per-event detectors. */
  private process(event: AuditEvent, enrichment: Enrichment | undefined, time: number): void {
    const { population, discoveries } = this;
    let agent = this.agents.get(event.agentId);
    if (agent === undefined) {
      agent = createAgentState(
        event.agentId,
        time,
        this.rateOptions,
        this.slabs,
        this.config.causeMemoryMs,
        this.scaleRateOptions,
      );
      this.track(agent);
    }
    if (time > agent.lastSeen) agent.lastSeen = time;
    // By its own event time, so that when it matures never depends on other partitions' progress.
    if (!agent.mature && time - agent.firstSeen >= this.config.warmupMs) this.mature(agent);
    this.markDirty(agent);

    let found = 0;
    let serverId = event.serverId;
    const toolName = event.toolName;
    let opName = toolName ?? event.method;
    const known = population.findOp(serverId, opName);
    let op = known === undefined ? undefined : indexedOp(agent, known.id);
    if (op === undefined) {
      // Not one of the agent's indexed operations: the only place its servers and tools grow.
      serverId = this.boundedServer(agent, serverId);
      opName = this.boundedOp(agent, serverId, opName);
      const populationOp = population.op(serverId, opName);
      let server = agent.servers.get(serverId);
      if (server === undefined) {
        server = createServerState(serverId, population.resourceTree(serverId));
        agent.servers.set(serverId, server);
        // A newcomer joins the peers of the first server it calls until its window closes.
        if (agent.peerKey === undefined) population.setPeerKey(agent, serverId);
        found = discover(discoveries, found, 'server', serverId, serverId);
        agent.serverDiscoveries++;
      }
      op = server.ops.get(opName);
      if (op === undefined) {
        op = createOpState(server, opName, toolName !== undefined, populationOp, this.slabs);
        server.ops.set(opName, op);
        if (toolName !== undefined) found = discover(discoveries, found, 'tool', serverId, opName);
      }
      indexOp(agent, op);
    }
    const server = op.server;
    const uri = event.resourceUri;
    if (uri !== undefined && uri.length > 0) {
      const tree = op.tree;
      const templateId = tree.templateOf(uri);
      if (observeShape(op, templateId)) {
        found = discover(discoveries, found, 'resource', serverId, tree.template(templateId));
        const step = tree.firstUse(templateId, op.ground);
        const discovery = discoveries[found - 1] as Discovery;
        discovery.chance = step.chance;
        discovery.habit = step.habit;
      }
      tree.visit(templateId, op.ground);
    }

    const windowStart = latestWindowStart(time, this.windows.spec);
    if (agent.currentStart !== windowStart) {
      const windows = this.windows.windowsFor(agent.id, time).map((window) => window.aggregate);
      agent.currentWindows = windows;
      agent.latestWindow = windows[windows.length - 1];
      agent.currentStart = windowStart;
      if (this.config.earlyFiring) this.watchScales(agent, windowStart);
      // Recency is kept per window, not per event: one step of the eviction order off the hot path.
      this.recency.touch(agent);
      this.promoteIfEstablished(agent);
    }
    const waits = this.waiting.waits(agent);
    if (time >= agent.earlyVersionEnd && !waits) this.crossVersion(agent, time);
    // Tumbling windows (one per event) skip the list: one object fewer to fetch per event.
    const windows = this.tumbling ? undefined : agent.currentWindows;
    if (windows === undefined) {
      addToWindow(
        agent.latestWindow as WindowAggregate,
        op,
        event.eventId,
        event.responseBytes,
        event.onBehalfOf,
      );
    } else {
      for (let i = 0; i < windows.length; i++) {
        addToWindow(
          windows[i] as WindowAggregate,
          op,
          event.eventId,
          event.responseBytes,
          event.onBehalfOf,
        );
      }
    }

    const ctx = this.ctx;
    ctx.agent = agent;
    ctx.event = event;
    ctx.enrichment = enrichment;
    ctx.time = time;
    ctx.windowStart = windowStart;
    ctx.server = server;
    ctx.op = op;
    if (found > 0) {
      const reported = this.emit(detectNewResource(ctx, discoveries, found));
      for (let i = 0; i < found; i++) {
        const key = (discoveries[i] as Discovery).itemKey;
        if (reported) agent.suspectItems.add(key);
        else if (!isSuspectUse(agent, serverId, key)) population.addUse(key, agent.mature);
      }
      agent.discoveries += found;
    }
    this.emit(detectToolDefinitionChange(ctx));
    if (enrichment !== undefined) {
      this.emit(detectTokenMisuse(ctx));
      this.emit(detectRevokedToken(ctx));
    }
    let payloadReported = false;
    if (event.responseBytes !== undefined) {
      const payload = detectCallPayload(ctx, this.sizeDecay);
      if (payload !== undefined) {
        payloadReported = true;
        if (windows === undefined) (agent.latestWindow as WindowAggregate).payloadReported = true;
        else
          for (let i = 0; i < windows.length; i++)
            (windows[i] as WindowAggregate).payloadReported = true;
        this.emit(payload);
      }
    }
    agent.observations++;
    population.observations++;
    op.calls++;
    // After the per-event kinds: a window whose bytes one oversized response explains stays quiet.
    const latest = agent.latestWindow as WindowAggregate;
    if (waits) this.wait(agent, event, op, time, windowStart, payloadReported);
    else if (
      latest.calls >= agent.earlyCalls ||
      latest.bytes >= agent.earlyBytes ||
      latest.users.size >= agent.earlyUsers
    ) {
      if (this.versionAt(0, time) > (this.clock.current() ?? -Infinity))
        this.wait(agent, event, op, time, windowStart, payloadReported);
      else this.judgeEarly(agent, latest, windowStart, time);
    }
  }

  /**
   * Closes every window of every scale that ends at or before the watermark,
   * in the order of their ends and, at one end, shortest scale first: the
   * base windows roll up into the longer ones before those close, and what
   * an hour reported is known to its day. Before each end, the early
   * judgments waiting for a version the closes so far settled are made.
   */
  private closeWindows(watermark: number): void {
    this.serverCauses.prune(watermark);
    for (;;) {
      let end = Infinity;
      for (const { windows } of this.scales) end = Math.min(end, windows.nextEnd() ?? Infinity);
      if (end > watermark) break;
      if (this.waiting.anyDue(end - 1)) this.judgeWaiting(end - 1);
      for (const { scale, windows } of this.scales) {
        const closed = windows.closeUpTo(end);
        if (closed.length > 0) this.closeBatch(scale, closed);
      }
    }
    this.scaleNextEnd = this.nextScaleEnd();
  }

  private nextScaleEnd(): number {
    let next = Infinity;
    for (const { scale, windows } of this.scales)
      if (scale.level > 0) next = Math.min(next, windows.nextEnd() ?? Infinity);
    return next;
  }

  /**
   * Windows of one scale that end at the same instant: scored together, so a
   * population surge is seen as one; then learned, and rolled up into the
   * longer scales.
   */
  private closeBatch(scale: WindowScale, closed: KeyedWindow<WindowAggregate>[]): void {
    const { population, config } = this;
    const level = scale.level;
    population.startBatch();
    const entries = [];
    for (const window of closed) {
      const agent = this.agents.get(window.key);
      if (agent === undefined) continue;
      if (level > 0 && this.joinedLate(agent, window.start)) continue;
      const rates = ratesAt(agent, level);
      const expected: (Expectation | undefined)[] = [];
      for (let metric = 0; metric < WINDOW_METRICS; metric++) {
        expected.push(
          level === 0
            ? windowExpectation(agent, metric, window.start, population, config, agent.mature)
            : scaleExpectation(rates, metric, window.start, scale.minBaselineSamples, agent.mature),
        );
      }
      const observed = [
        window.aggregate.calls,
        window.aggregate.bytes,
        window.aggregate.users.size,
      ];
      entries.push({ window, agent, expected, observed, peerKey: agent.peerKey ?? '' });
    }
    const surges = surgeFactors(entries, config);
    if (level === 0) {
      this.baseSurges.push({ end: (closed[0] as KeyedWindow<WindowAggregate>).end, surges });
      if (this.baseSurges.length > this.surgeHistory) this.baseSurges.shift();
    }
    for (const { window, agent, expected, observed, peerKey } of entries) {
      const { start, end, aggregate } = window;
      const closed = { agent, start, end, window: aggregate, config, scale };
      const surge = surges.get(peerKey) ?? NO_SURGE;
      const learned = observed.slice(0, WINDOW_METRICS);
      let clipped: Map<unknown, number> | undefined;
      const calls = expected[METRIC_CALLS];
      if (calls !== undefined) {
        const result = detectCallVolume(closed, calls, surge[METRIC_CALLS] ?? 1);
        result.drafts.forEach((draft) => this.emitWindow(draft, aggregate));
        learned[METRIC_CALLS] = aggregate.calls - result.excessCalls;
        clipped = result.clipped;
      }
      const bytes = expected[METRIC_BYTES];
      if (bytes !== undefined) {
        const result = detectWindowBytes(closed, bytes, surge[METRIC_BYTES] ?? 1);
        this.emitWindow(result.draft, aggregate);
        learned[METRIC_BYTES] = Math.min(aggregate.bytes, result.excess.learnCap);
      }
      const users = expected[METRIC_USERS];
      if (users !== undefined) {
        const result = detectPrincipalFanout(closed, users);
        this.emitWindow(result.draft, aggregate);
        learned[METRIC_USERS] = Math.min(aggregate.users.size, result.excess.learnCap);
      }
      if (level === 0) this.learnWindow(agent, window, learned, clipped);
      else {
        ratesAt(agent, level).observe(start, learned);
        this.markDirty(agent);
      }
      this.rollUp(agent, window, level);
    }
  }

  /**
   * Early firing (early-firing.ts): the agent's open windows whose running
   * values reached a trigger are judged with the event that pushed them
   * there, against the baseline of the event's version (early-deferral.ts):
   * at once when the watermark has reached it, else once it does. The base
   * window (with hopping base windows, its latest hop) runs on its own
   * counts; a longer window on what its closed base windows rolled up plus
   * the base windows still open inside it.
   */
  private judgeEarly(
    agent: AgentState,
    latest: WindowAggregate,
    start: number,
    time: number,
  ): void {
    this.judgeOpen(agent, 0, start, latest, time);
    for (const { level, window } of agent.scaleWatches)
      this.judgeOpen(agent, level, window.start, window.aggregate, time);
    this.setEarlyTriggers(agent, latest);
  }

  private judgeOpen(
    agent: AgentState,
    level: number,
    start: number,
    window: WindowAggregate,
    time: number,
  ): void {
    const version = this.versionAt(level, time);
    window.earlyVersion = version;
    if (level > 0) {
      const held = this.upperBounds(agent, start, start + this.scaleOf(level).ms, window);
      if (!reachesTrigger(held, window)) return;
    }
    const sofar = this.soFar(agent, level, start, window);
    if (reachesTrigger(runningValues(sofar), window))
      this.judgeAgainst(agent, level, start, window, sofar, time, version);
  }

  /** Judges an open window early against the agent's baseline, which is that of `version`. */
  private judgeAgainst(
    agent: AgentState,
    level: number,
    start: number,
    target: WindowAggregate,
    sofar: WindowAggregate,
    time: number,
    version: number,
  ): void {
    const { config, population } = this;
    const scale = this.scaleOf(level);
    // Mature by the event's time: the flag moves with whatever of its partition was read.
    const mature = agent.firstSeen + config.warmupMs <= time;
    const rates = ratesAt(agent, level);
    let surge = this.conservativeSurge;
    if (level === 0) {
      surge = NO_SURGE;
      for (const batch of this.baseSurges)
        if (batch.end <= version) surge = batch.surges.get(agent.peerKey ?? '') ?? NO_SURGE;
    }
    judgeOpenWindow(
      {
        closed: { agent, start, end: start + scale.ms, window: sofar, config, scale, asOfMs: time },
        target,
        running: runningValues(sofar),
        expected: (metric) =>
          level === 0
            ? windowExpectation(agent, metric, start, population, config, mature)
            : scaleExpectation(rates, metric, start, scale.minBaselineSamples, mature),
        surge,
      },
      (draft) => void this.emit(draft),
    );
  }

  /**
   * An event whose early judgment must wait (its version is ahead of the
   * watermark, or an earlier one of its agent waits): kept with the windows
   * it counts in, to be judged in its turn.
   */
  private wait(
    agent: AgentState,
    event: AuditEvent,
    op: OpState,
    time: number,
    start: number,
    payloadReported: boolean,
  ): void {
    const watched: WatchedWindow[] = [
      { level: 0, start, target: agent.latestWindow as WindowAggregate },
    ];
    for (const { level, window } of agent.scaleWatches)
      watched.push({ level, start: window.start, target: window.aggregate });
    this.waiting.keep(
      agent,
      {
        time,
        version: this.versionAt(0, time),
        op,
        eventId: event.eventId,
        responseBytes: event.responseBytes,
        onBehalfOf: event.onBehalfOf,
        payloadReported,
        watched,
      },
      ({ level, start: from, target }) => copyWindow(this.soFar(agent, level, from, target)),
    );
  }

  /**
   * The waiting agents' events whose version is at or before `time` (every
   * window ending by then closed), judged in their order as a watermark in
   * step would have judged them: each window with the counts as of the
   * event, against the baseline of the event's version.
   */
  private judgeWaiting(time: number): void {
    for (const waiting of this.waiting.due(time)) {
      const { agent } = waiting;
      if (this.agents.get(agent.id) !== agent) {
        this.waiting.forget(agent);
        continue;
      }
      this.waiting.judged(waiting, this.replay(waiting, time));
      if (!this.waiting.waits(agent) && agent.latestWindow !== undefined)
        this.setEarlyTriggers(agent, agent.latestWindow);
    }
  }

  /** Judges a waiting agent's events up to version `time`; returns how many. */
  private replay(waiting: WaitingAgent, time: number): number {
    const { agent, events, copies } = waiting;
    let judged = 0;
    for (const event of events) {
      if (event.version > time) break;
      judged++;
      for (const { target } of event.watched) {
        if (event.fresh.includes(target)) continue;
        const copy = copies.get(target) as WindowAggregate;
        addToWindow(copy, event.op, event.eventId, event.responseBytes, event.onBehalfOf);
        copy.payloadReported ||= event.payloadReported;
      }
      for (const { level, start, target } of event.watched) {
        this.crossWindow(target, level, event.time);
        const version = this.versionAt(level, event.time);
        target.earlyVersion = version;
        const copy = copies.get(target) as WindowAggregate;
        if (reachesTrigger(runningValues(copy), target))
          this.judgeAgainst(agent, level, start, target, copy, event.time, version);
      }
    }
    return judged;
  }

  /** An event of a later version than its watched windows were judged under: their triggers go back to the floors (the newer baseline judges anew). */
  private crossVersion(agent: AgentState, time: number): void {
    const latest = agent.latestWindow as WindowAggregate;
    this.crossWindow(latest, 0, time);
    for (const { level, window } of agent.scaleWatches)
      this.crossWindow(window.aggregate, level, time);
    this.setEarlyTriggers(agent, latest);
  }

  private crossWindow(window: WindowAggregate, level: number, time: number): void {
    if (Number.isNaN(window.earlyVersion) || window.earlyVersion === this.versionAt(level, time))
      return;
    resetTriggers(window, (this.scales[level] as ScaleWindows).floors);
    window.earlyVersion = NaN;
  }

  /** What an open window of `level` holds so far: with a longer one, the base windows not rolled up yet. */
  private soFar(
    agent: AgentState,
    level: number,
    start: number,
    window: WindowAggregate,
  ): WindowAggregate {
    if (level === 0) return window;
    const sofar = createWindowAggregate();
    foldWindow(sofar, window);
    const end = start + this.scaleOf(level).ms;
    for (const open of this.windows.windowsOf(agent.id))
      if (this.liesInside(open, start, end)) foldWindow(sofar, open.aggregate);
    return sofar;
  }

  /** The baseline version of an event at `time` at `level` (early-deferral.ts). */
  private versionAt(level: number, time: number): number {
    const { hopMs, offsetMs } = this.scaleOf(level);
    return earlyVersion(time, this.config.allowedLatenessMs, hopMs, offsetMs);
  }

  private scaleOf(level: number): WindowScale {
    return (this.scales[level] as ScaleWindows).scale;
  }

  /**
   * On entering a new base window: the agent's open windows of the longer
   * scales that contain it (opened now if missing, as the roll-up would open
   * them), whose early triggers the base window's events then move towards.
   */
  private watchScales(agent: AgentState, start: number): void {
    const watches: ScaleWatch[] = [];
    // A longer window is judged against the agent's own baseline of its scale,
    // only once the agent is mature by the judged event's time (scaleExpectation):
    // a window that ends before then can never fire early, so its triggers would
    // only cost work on every base window the agent enters.
    const matureFrom = agent.firstSeen + this.config.warmupMs;
    for (let level = 1; level < this.scales.length; level++) {
      // The latest window of the level holding `start` ends last: if it ends
      // before the agent matures, none is looked up (rollUp opens them).
      const { spec } = (this.scales[level] as ScaleWindows).windows;
      if (latestWindowStart(start, spec) + spec.sizeMs <= matureFrom) continue;
      // Else watched whether or not the baseline can judge this scale yet: the
      // baseline as of each event's version decides that (scaleExpectation),
      // and the one here lags it when partitions drift apart.
      for (const window of this.scaleWindowsAt(agent, level, start))
        if (window.end > matureFrom) watches.push({ level, window });
    }
    agent.scaleWatches = watches;
    this.setEarlyTriggers(agent, agent.latestWindow as WindowAggregate);
  }

  /**
   * The agent's early triggers in the units of its latest base window: the
   * least of that window's own and, for each watched longer window, what is
   * left of its trigger beyond what it and the other open base windows hold.
   */
  private setEarlyTriggers(agent: AgentState, latest: WindowAggregate): void {
    let calls = latest.nextCalls;
    let bytes = latest.nextBytes;
    let users = latest.nextUsers;
    let versionEnd = this.versionEnd(latest, 0);
    for (const { level, window } of agent.scaleWatches) {
      const held = this.upperBounds(agent, window.start, window.end, window.aggregate, latest);
      calls = Math.min(calls, window.aggregate.nextCalls - held.calls);
      bytes = Math.min(bytes, window.aggregate.nextBytes - held.bytes);
      users = Math.min(users, window.aggregate.nextUsers - held.users);
      versionEnd = Math.min(versionEnd, this.versionEnd(window.aggregate, level));
    }
    agent.earlyCalls = calls;
    agent.earlyBytes = bytes;
    agent.earlyUsers = users;
    agent.earlyVersionEnd = versionEnd;
  }

  /** When an event is of a later version than the window was judged under (NaN: never judged). */
  private versionEnd(window: WindowAggregate, level: number): number {
    const version = window.earlyVersion;
    if (Number.isNaN(version)) return Infinity;
    return version + this.scaleOf(level).hopMs + this.config.allowedLatenessMs;
  }

  /**
   * Calls, bytes and (at most) distinct users of a longer window from `start`
   * to `end` and the agent's open base windows inside it, but `except`.
   */
  private upperBounds(
    agent: AgentState,
    start: number,
    end: number,
    window: WindowAggregate,
    except?: WindowAggregate,
  ): RunningValues {
    const held = runningValues(window);
    for (const open of this.windows.windowsOf(agent.id)) {
      const base = open.aggregate;
      if (base === except || !this.liesInside(open, start, end)) continue;
      held.calls += base.calls;
      held.bytes += base.bytes;
      held.users += base.users.size;
    }
    return held;
  }

  /**
   * Whether an open base window lies inside a longer window from `start` to
   * `end` (so is not rolled up into it yet; with hopping base windows, only
   * those aligned to windowMs, which tile time, roll up).
   */
  private liesInside(open: KeyedWindow<WindowAggregate>, start: number, end: number): boolean {
    return open.start % this.config.windowMs === 0 && open.start >= start && open.end <= end;
  }

  /**
   * The agent's open windows of a longer scale that contain `time`, opened if
   * missing; from after the latest its baseline learned, since spans this
   * scale already judged (the watermark moved back on a handover) stay closed;
   * and only those the agent was there for from their start: the others are
   * neither judged nor learned (joinedLate), so opening them would only cost
   * every newcomer a window of each scale for nothing.
   */
  private scaleWindowsAt(
    agent: AgentState,
    level: number,
    time: number,
  ): readonly KeyedWindow<WindowAggregate>[] {
    const learned = ratesAt(agent, level).lastStart();
    const minStart = Math.max(
      learned === undefined ? -Infinity : learned + 1,
      // Window starts are whole ms: the first that is not joinedLate.
      Math.floor(agent.firstSeen - this.config.windowMs) + 1,
    );
    return (this.scales[level] as ScaleWindows).windows.windowsFor(
      agent.id,
      time,
      minStart,
      agent.scaleWindows[level - 1],
    );
  }

  /**
   * Queues a window draft unless a shorter window inside this one already
   * reported the same kind and cause; records the cause when it is reported.
   */
  private emitWindow(draft: AnomalyDraft | undefined, window: WindowAggregate): void {
    if (draft === undefined) return;
    const cause = `${draft.kind}\u0000${draft.cause ?? draft.key}`;
    if (window.reported?.has(cause) === true) return;
    if (this.emit(draft)) markReported(window, cause);
  }

  /**
   * Adds a closed base window to the agent's open window of every longer
   * scale (with hopping base windows, only those aligned to windowMs, which
   * tile time); a longer window passes what it reported on to the still
   * longer ones that contain it.
   */
  private rollUp(agent: AgentState, closed: KeyedWindow<WindowAggregate>, level: number): void {
    const { start, aggregate } = closed;
    if (level === 0 && start % this.config.windowMs !== 0) return;
    const length = (this.scales[level] as ScaleWindows).scale.ms;
    for (let i = level + 1; i < this.scales.length; i++) {
      if (level === 0) {
        for (const open of this.scaleWindowsAt(agent, i, start))
          foldWindow(open.aggregate, aggregate);
      } else if (aggregate.reported !== undefined) {
        for (const open of (this.scales[i] as ScaleWindows).windows.windowsOf(agent.id)) {
          if (open.start <= start && start + length <= open.end)
            for (const cause of aggregate.reported) markReported(open.aggregate, cause);
        }
      }
    }
  }

  /**
   * Whether the agent was not there for a longer window from its start: such
   * a window is neither judged nor learned, so it is not opened (see
   * scaleWindowsAt); one may still come from a snapshot written before.
   */
  private joinedLate(agent: AgentState, windowStart: number): boolean {
    return agent.firstSeen >= windowStart + this.config.windowMs;
  }

  private learnWindow(
    agent: AgentState,
    window: KeyedWindow<WindowAggregate>,
    learned: number[],
    clipped: Map<unknown, number> | undefined,
  ): void {
    agent.rates.observe(window.start, learned);
    releaseWindow(window.aggregate);
    let shareTotal = 0;
    for (const server of agent.servers.values()) {
      for (const op of server.ops.values()) {
        const counted = window.aggregate.ops.get(op);
        op.share =
          op.share * this.shareDecay +
          (counted === undefined ? 0 : (clipped?.get(op) ?? counted.count));
        shareTotal += op.share;
      }
    }
    agent.shareTotal = shareTotal;
    agent.causes.prune(window.end);
    for (const server of agent.servers.values()) server.tree.settle(server.ground);
    const hopMs = this.rateOptions.stepMs;
    for (const start of agent.reported.keys())
      if (start + hopMs <= window.end) agent.reported.delete(start);
    if (!agent.mature && window.end - agent.firstSeen >= this.config.warmupMs) this.mature(agent);
    const peerKey = primaryServer(agent);
    if (peerKey !== agent.peerKey) this.population.setPeerKey(agent, peerKey);
    this.markDirty(agent);
  }
}

/** Records the first use of a server, tool (`name`) or resource shape (`name`) in the reused slots. */
function discover(
  discoveries: Discovery[],
  found: number,
  kind: Discovery['kind'],
  server: string,
  name: string,
): number {
  const discovery = discoveries[found] as Discovery;
  discovery.kind = kind;
  discovery.server = server;
  discovery.itemKey =
    kind === 'server'
      ? itemKey.server(server)
      : kind === 'tool'
        ? itemKey.tool(server, name)
        : itemKey.resource(server, name);
  discovery.label = kind === 'server' ? `server ${server}` : `${kind} ${name} on ${server}`;
  discovery.chance = 1;
  discovery.habit = 1;
  return found + 1;
}
