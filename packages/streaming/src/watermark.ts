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
 * slowest active partition, minus the allowed lateness. It never goes back.
 * An event older than the watermark is late: the windows it belongs to may
 * already be closed.
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

  /** Whether an event at `time` arrives too late to count. */
  isLate(time: number): boolean {
    return this.value !== undefined && time < this.value;
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
    return this.value;
  }
}
