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
  private readonly newestByPartition = new Map<number, number>();
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
    const previous = this.newestByPartition.get(partition);
    if (previous !== undefined && time <= previous && this.value !== undefined) return this.value;
    if (previous === undefined || time > previous) this.newestByPartition.set(partition, time);
    if (time > this.newestOverall) this.newestOverall = time;
    const activeSince = this.newestOverall - this.options.idlePartitionMs;
    let slowest = this.newestOverall;
    for (const [p, newest] of this.newestByPartition) {
      if ((newest >= activeSince || this.backlogged.has(p)) && newest < slowest) slowest = newest;
    }
    for (const p of this.backlogged) {
      // Nothing read from it yet: its events may be as old as anything, so nothing closes.
      if (!this.newestByPartition.has(p)) return this.value ?? Number.NEGATIVE_INFINITY;
    }
    const candidate = slowest - this.options.allowedLatenessMs;
    if (this.value === undefined || candidate > this.value) this.value = candidate;
    return this.value;
  }
}
