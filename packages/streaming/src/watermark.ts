import { StreamingError } from './errors';

export interface WatermarkOptions {
  /** How far behind the newest event an event may be and still count. */
  readonly allowedLatenessMs: number;
  /**
   * A partition whose newest event is more than this behind the newest event
   * of any partition stops holding the watermark back. Measured in event
   * time, not wall time, so that a replay gives the same watermark.
   */
  readonly idlePartitionMs: number;
}

/**
 * Event-time watermark across Kafka partitions: the newest event time of the
 * slowest active partition, minus the allowed lateness. An event older than the
 * watermark is late: the windows it belongs to may already be closed.
 *
 * It goes back in one case only: a partition handed over to this instance
 * (`assign`) resumes where its previous owner committed, which can be behind
 * the watermark the other partitions have driven. Its first event pulls the
 * watermark back to cover it; events of the other partitions stay late when
 * they are behind their own partition's newest by more than the lateness, so
 * no window already closed for them opens again.
 */
export class PartitionedWatermark {
  /** Newest event time per partition, in arrays so that the per-event scan reads two small arrays. */
  private readonly slotOf = new Map<number, number>();
  private readonly partitions: number[] = [];
  private readonly newest: number[] = [];
  /** Partitions with unread input: never idle, whatever their event time says. */
  private readonly backlogged = new Set<number>();
  private newestOverall = -Infinity;
  private value: number | undefined;
  /** The highest the watermark has been: windows up to here may have closed. */
  private peak = Number.NEGATIVE_INFINITY;
  /** Partitions just handed over here, whose first event sets where they stand. */
  private readonly rejoining = new Set<number>();
  private assigned = new Set<number>();

  constructor(private readonly options: WatermarkOptions) {
    const { allowedLatenessMs, idlePartitionMs } = options;
    if (!(allowedLatenessMs >= 0) || !(idlePartitionMs > 0)) {
      throw new StreamingError(
        'VIGIL_STREAM_BAD_WATERMARK_OPTIONS',
        `allowedLatenessMs must be >= 0 and idlePartitionMs > 0 (got ${allowedLatenessMs}, ${idlePartitionMs})`,
      );
    }
  }

  /** The watermark in epoch ms, or undefined before the first event. */
  current(): number | undefined {
    return this.value;
  }

  /** Whether an event at `time` on `partition` arrives too late to count. */
  isLate(partition: number, time: number): boolean {
    if (this.value === undefined) return false;
    if (time < this.value) return this.rejoining.size === 0 || !this.rejoining.has(partition);
    if (time >= this.peak) return false;
    // Behind the peak after a rejoin pulled the watermark back: judged by its own partition.
    const slot = this.slotOf.get(partition);
    return (
      slot !== undefined && time < (this.newest[slot] as number) - this.options.allowedLatenessMs
    );
  }

  /**
   * The partitions this instance now owns (after a Kafka rebalance). Partitions
   * given up stop holding the watermark back. Partitions handed over from
   * another instance resume at its committed offset, possibly behind the
   * watermark: the first event of each is not late, and moves the watermark
   * back to cover it. Until the first call every partition seen counts.
   */
  assign(partitions: Iterable<number>): void {
    const now = new Set(partitions);
    for (const p of [...this.slotOf.keys()]) if (!now.has(p)) this.forget(p);
    for (const p of this.backlogged) if (!now.has(p)) this.backlogged.delete(p);
    for (const p of this.rejoining) if (!now.has(p)) this.rejoining.delete(p);
    if (this.value !== undefined) {
      for (const p of now) if (!this.assigned.has(p)) this.rejoining.add(p);
    }
    this.assigned = now;
  }

  /**
   * Tells whether `partition` still has input waiting to be read (its consumer
   * lag). A backlogged partition always holds the watermark back, so that when
   * a backlog is read in large batches one partition at a time, the others are
   * not mistaken for idle and their events for late. One with no event seen yet
   * holds it where it is.
   */
  setBacklog(partition: number, backlogged: boolean): void {
    if (backlogged) this.backlogged.add(partition);
    else this.backlogged.delete(partition);
  }

  /**
   * Records an event seen on `partition`; returns the (possibly advanced) watermark, or -Infinity
   * while a backlogged partition has delivered nothing yet and no watermark was ever set.
   */
  observe(partition: number, time: number): number {
    const { newest, partitions, backlogged } = this;
    if (this.rejoining.size > 0 && this.rejoining.delete(partition)) this.resume(partition, time);
    const slot = this.slotOf.get(partition);
    if (slot === undefined) {
      this.slotOf.set(partition, newest.length);
      partitions.push(partition);
      newest.push(time);
    } else {
      const previous = newest[slot] as number;
      if (time <= previous && this.value !== undefined) return this.value;
      if (time > previous) newest[slot] = time;
    }
    if (time > this.newestOverall) this.newestOverall = time;
    const activeSince = this.newestOverall - this.options.idlePartitionMs;
    const anyBacklog = backlogged.size > 0;
    let slowest = this.newestOverall;
    for (let i = 0; i < newest.length; i++) {
      const at = newest[i] as number;
      if (
        (at >= activeSince || (anyBacklog && backlogged.has(partitions[i] as number))) &&
        at < slowest
      )
        slowest = at;
    }
    if (anyBacklog) {
      for (const p of backlogged) {
        // Nothing read from it yet: its events may be as old as anything, so nothing closes.
        if (!this.slotOf.has(p)) return this.value ?? Number.NEGATIVE_INFINITY;
      }
    }
    const candidate = slowest - this.options.allowedLatenessMs;
    if (this.value === undefined || candidate > this.value) this.value = candidate;
    if (this.value > this.peak) this.peak = this.value;
    return this.value;
  }

  private forget(partition: number): void {
    const slot = this.slotOf.get(partition);
    if (slot === undefined) return;
    const last = this.partitions.length - 1;
    const moved = this.partitions[last] as number;
    this.partitions[slot] = moved;
    this.newest[slot] = this.newest[last] as number;
    this.slotOf.set(moved, slot);
    this.partitions.pop();
    this.newest.pop();
    this.slotOf.delete(partition);
  }

  /** A rejoined partition's first event: its progress restarts here, and the watermark covers it. */
  private resume(partition: number, time: number): void {
    const slot = this.slotOf.get(partition);
    if (slot !== undefined) this.newest[slot] = time;
    const floor = time - this.options.allowedLatenessMs;
    if (this.value !== undefined && floor < this.value) this.value = floor;
  }
}
