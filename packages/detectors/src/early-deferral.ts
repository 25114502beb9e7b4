import type { AgentState } from './agent-state';
import type { WindowAggregate } from './window-aggregate';

/**
 * Which baseline early firing judges an event's open window against: the
 * one learned from every window of that scale ending at or before the
 * event's time minus the allowed lateness (its "version", a window end).
 * A live watermark has always reached it when the event arrives, so live
 * judgments happen at once, against the baselines they always used. A
 * partition read ahead of the others (a backlog, a restart, a rebalance)
 * reaches events whose version the watermark has not: their judgment waits
 * here until it has, so that the same window is judged against the same
 * baseline with the same counts however partitions interleave.
 */
export function earlyVersion(time: number, latenessMs: number, hopMs: number, offsetMs: number) {
  return offsetMs + Math.floor((time - latenessMs - offsetMs) / hopMs) * hopMs;
}

/** An open window whose judgment waits for the watermark to reach its version. */
export interface DeferredJudgment {
  readonly agent: AgentState;
  readonly level: number;
  readonly start: number;
  /** The open window: its triggers, and its counts while its events are of this version. */
  readonly window: WindowAggregate;
  readonly version: number;
  /** The event that reached the trigger first in this version. */
  readonly first: number;
  /** The latest event of this version counted in the window. */
  time: number;
  /** The window's counts at its last event of this version, once a later one came. */
  sofar: WindowAggregate | undefined;
}

/** The judgments waiting for the watermark, few at any time (agents of a partition read ahead). */
export class DeferredJudgments {
  private waiting: DeferredJudgment[] = [];
  private dueFrom = Infinity;
  /** Agents with a judgment waiting: their later ones wait behind it, whatever their version. */
  private readonly agents = new Map<AgentState, number>();

  /** Whether a judgment of the agent waits: then its next one must wait too, to keep their order. */
  waits(agent: AgentState): boolean {
    return this.agents.has(agent);
  }

  defer(
    agent: AgentState,
    level: number,
    start: number,
    window: WindowAggregate,
    version: number,
    time: number,
  ): void {
    for (const waiting of this.waiting) {
      if (waiting.window === window && waiting.version === version) {
        waiting.time = time;
        return;
      }
    }
    this.waiting.push({
      agent,
      level,
      start,
      window,
      version,
      first: time,
      time,
      sofar: undefined,
    });
    this.agents.set(agent, (this.agents.get(agent) ?? 0) + 1);
    if (version < this.dueFrom) this.dueFrom = version;
  }

  /** Whether a judgment of any version at or before `time` waits (one comparison per event). */
  anyDue(time: number): boolean {
    return this.dueFrom <= time;
  }

  /** The agent's waiting judgments. */
  of(agent: AgentState): DeferredJudgment[] {
    return this.waiting.filter((waiting) => waiting.agent === agent);
  }

  /**
   * Takes out the judgments a watermark at `time` allows, in the order a
   * watermark in step would have made them: each agent's by the event that
   * reached the trigger, then level and start (the order an event's windows
   * are judged in), and none before an earlier one of the same agent whose
   * version is still ahead. An agent's cause is named by the first of its
   * windows to fire, so the same window names it.
   */
  takeDue(time: number): DeferredJudgment[] {
    if (this.dueFrom > time) return [];
    this.waiting.sort(inJudgmentOrder);
    const due: DeferredJudgment[] = [];
    const blocked = new Set<AgentState>();
    let next = Infinity;
    this.waiting = this.waiting.filter((waiting) => {
      if (blocked.has(waiting.agent)) return true;
      if (waiting.version <= time) {
        due.push(waiting);
        const left = (this.agents.get(waiting.agent) ?? 1) - 1;
        if (left > 0) this.agents.set(waiting.agent, left);
        else this.agents.delete(waiting.agent);
        return false;
      }
      blocked.add(waiting.agent);
      if (waiting.version < next) next = waiting.version;
      return true;
    });
    this.dueFrom = next;
    return due;
  }

  /** An agent dropped from the engine: nothing of it waits. */
  forget(agent: AgentState): void {
    this.waiting = this.waiting.filter((waiting) => waiting.agent !== agent);
    this.agents.delete(agent);
  }
}

function inJudgmentOrder(a: DeferredJudgment, b: DeferredJudgment): number {
  return (
    a.first - b.first ||
    (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0) ||
    a.level - b.level ||
    a.start - b.start
  );
}
