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
  private readonly waiting: DeferredJudgment[] = [];
  private dueFrom = Infinity;

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
   * Takes out the judgments of versions at or before `time` (of one level, if
   * given) in the order a watermark in step would have judged them: by
   * version, then the event that reached the trigger, then level and start
   * (the order an event's windows are judged in). An agent's cause is named
   * by the first of its windows to fire, so the same window names it.
   */
  takeDue(time: number, level?: number): DeferredJudgment[] {
    if (this.dueFrom > time) return [];
    const due: DeferredJudgment[] = [];
    let next = Infinity;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const waiting = this.waiting[i] as DeferredJudgment;
      if (waiting.version <= time && (level === undefined || waiting.level === level)) {
        this.waiting.splice(i, 1);
        due.push(waiting);
      } else if (waiting.version < next) next = waiting.version;
    }
    this.dueFrom = next;
    return due.sort(
      (a, b) =>
        a.version - b.version ||
        a.first - b.first ||
        (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0) ||
        a.level - b.level ||
        a.start - b.start,
    );
  }

  /** An agent dropped from the engine: nothing of it waits. */
  forget(agent: AgentState): void {
    for (let i = this.waiting.length - 1; i >= 0; i--)
      if ((this.waiting[i] as DeferredJudgment).agent === agent) this.waiting.splice(i, 1);
  }
}
