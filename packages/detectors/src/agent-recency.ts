/** Where a tracked agent stands when room is needed: newcomers are on probation, agents with history protected. */
export type AgentSegment = 'probation' | 'protected';

/**
 * A segmented LRU (as in SLRU caches) of the tracked agents, which says who
 * goes when a new agent needs room: the least recently seen agent on
 * probation, and only when probation is empty the least recently seen
 * protected one. A flood of new ids therefore evicts itself, never an
 * established agent's baseline. The protected segment holds at most
 * `maxProtected`: promoting one more demotes its least recently seen agent to
 * probation, so a fleet cannot fill the cap with protected agents and leave
 * newcomers no room but theirs.
 *
 * Order is the order of `touch` calls, never the wall clock, so a replay
 * evicts the same agents. Insertion-ordered sets make every step O(1).
 */
export class AgentRecency<A> {
  /** Oldest first: the first value is the next to go. */
  private readonly probation = new Set<A>();
  private readonly protected = new Set<A>();

  constructor(private readonly maxProtected: number) {}

  get probationSize(): number {
    return this.probation.size;
  }

  get protectedSize(): number {
    return this.protected.size;
  }

  segmentOf(agent: A): AgentSegment | undefined {
    if (this.probation.has(agent)) return 'probation';
    return this.protected.has(agent) ? 'protected' : undefined;
  }

  /** A new agent, the most recently seen on probation. */
  admit(agent: A): void {
    this.probation.add(agent);
  }

  /** The agent was just seen: the last of its segment to go. */
  touch(agent: A): void {
    if (this.probation.delete(agent)) this.probation.add(agent);
    else if (this.protected.delete(agent)) this.protected.add(agent);
  }

  /** Moves a probationary agent to the protected segment, demoting the least recently seen protected one if full. */
  promote(agent: A): void {
    if (!this.probation.delete(agent)) return;
    this.protected.add(agent);
    if (this.protected.size <= this.maxProtected) return;
    const demoted = this.protected.values().next().value as A;
    this.protected.delete(demoted);
    this.probation.add(demoted);
  }

  remove(agent: A): void {
    if (!this.probation.delete(agent)) this.protected.delete(agent);
  }

  /** The agent to evict next, and its segment; undefined when nobody is tracked. */
  next(): { agent: A; segment: AgentSegment } | undefined {
    const onProbation = this.probation.values().next();
    if (onProbation.done !== true) return { agent: onProbation.value, segment: 'probation' };
    const protectedOne = this.protected.values().next();
    return protectedOne.done === true
      ? undefined
      : { agent: protectedOne.value, segment: 'protected' };
  }
}
