import type { AgentState, OpState } from './agent-state';
import type { WindowAggregate } from './window-aggregate';

/**
 * Which baseline early firing judges an event's open windows against: the
 * one learned from every window of that scale ending at or before the
 * event's time minus the allowed lateness (its "version", a window end).
 * A live watermark has always reached it when the event arrives, so live
 * judgments happen at once, against the baselines they always used. A
 * partition read ahead of the others (a backlog, a restart, a rebalance)
 * brings events whose version the watermark has not reached: their agent
 * waits (WaitingAgents) until it has, so that each window is judged at the
 * same events, with the same counts, against the same baseline, however
 * partitions interleave.
 */
export function earlyVersion(time: number, latenessMs: number, hopMs: number, offsetMs: number) {
  return offsetMs + Math.floor((time - latenessMs - offsetMs) / hopMs) * hopMs;
}

/** An open window an event counts in and early firing judges (the latest base window, the longer ones around it). */
export interface WatchedWindow {
  readonly level: number;
  readonly start: number;
  /** The live window: its triggers. */
  readonly target: WindowAggregate;
}

/** An event of a waiting agent, kept to be judged in its turn. */
export interface WaitingEvent {
  readonly time: number;
  /** Its base-scale version: the finest, so the latest of its windows' versions. */
  readonly version: number;
  readonly op: OpState;
  readonly eventId: string;
  readonly responseBytes: number | undefined;
  readonly onBehalfOf: string | undefined;
  /** Its response was reported on its own: its windows' bytes stay quiet from it on (as live). */
  readonly payloadReported: boolean;
  readonly watched: readonly WatchedWindow[];
  /** Windows whose copy was taken with this event already in it. */
  readonly fresh: readonly WindowAggregate[];
}

/** An agent whose early judgments wait for the watermark, and its events since. */
export interface WaitingAgent {
  readonly agent: AgentState;
  readonly events: WaitingEvent[];
  /** Per watched window, its counts as of the last event judged: the replay adds the next ones. */
  readonly copies: Map<WindowAggregate, WindowAggregate>;
}

/** The agents waiting, few at any time (those of a partition read ahead of the others). */
export class WaitingAgents {
  private readonly waiting = new Map<AgentState, WaitingAgent>();
  private dueFrom = Infinity;
  /** `dueFrom` is recomputed when next asked: after a replay, not once per agent replayed. */
  private dueStale = false;

  waits(agent: AgentState): boolean {
    return this.waiting.has(agent);
  }

  /**
   * Keeps an event of the agent (the first makes it wait), after it was
   * counted in its windows; `copy` takes a window's counts for a window
   * not seen yet, this event included.
   */
  keep(
    agent: AgentState,
    event: Omit<WaitingEvent, 'fresh'>,
    copy: (watched: WatchedWindow) => WindowAggregate,
  ): void {
    let waiting = this.waiting.get(agent);
    if (waiting === undefined) {
      waiting = { agent, events: [], copies: new Map() };
      this.waiting.set(agent, waiting);
      if (event.version < this.dueFrom) this.dueFrom = event.version;
    }
    const fresh: WindowAggregate[] = [];
    for (const watched of event.watched) {
      if (waiting.copies.has(watched.target)) continue;
      waiting.copies.set(watched.target, copy(watched));
      fresh.push(watched.target);
    }
    waiting.events.push({ ...event, fresh });
  }

  /** Whether an event of version at or before `time` waits (one comparison per event). */
  anyDue(time: number): boolean {
    return this.earliestDue() <= time;
  }

  /** The agents whose next event's version is at or before `time`, by id (a replay's order). */
  due(time: number): WaitingAgent[] {
    if (this.earliestDue() > time) return [];
    return [...this.waiting.values()]
      .filter((waiting) => (waiting.events[0] as WaitingEvent).version <= time)
      .sort((a, b) => (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0));
  }

  /** After a replay: drops the events judged, and the agent once none is left. */
  judged(waiting: WaitingAgent, count: number): void {
    waiting.events.splice(0, count);
    if (waiting.events.length === 0) this.waiting.delete(waiting.agent);
    this.dueStale = true;
  }

  private earliestDue(): number {
    if (this.dueStale) {
      this.dueStale = false;
      this.dueFrom = Infinity;
      for (const { events } of this.waiting.values())
        this.dueFrom = Math.min(this.dueFrom, (events[0] as WaitingEvent).version);
    }
    return this.dueFrom;
  }

  /** An agent dropped from the engine: nothing of it waits. */
  forget(agent: AgentState): void {
    const waiting = this.waiting.get(agent);
    if (waiting !== undefined) this.judged(waiting, waiting.events.length);
  }
}
