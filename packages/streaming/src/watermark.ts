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

  /** Records an event seen on `partition`; returns the (possibly advanced) watermark. */
  observe(partition: number, time: number): number {
    const previous = this.newestByPartition.get(partition);
    if (previous !== undefined && time <= previous && this.value !== undefined) return this.value;
    if (previous === undefined || time > previous) this.newestByPartition.set(partition, time);
    if (time > this.newestOverall) this.newestOverall = time;
    const activeSince = this.newestOverall - this.options.idlePartitionMs;
    let slowest = this.newestOverall;
    for (const newest of this.newestByPartition.values()) {
      if (newest >= activeSince && newest < slowest) slowest = newest;
    }
    const candidate = slowest - this.options.allowedLatenessMs;
    if (this.value === undefined || candidate > this.value) this.value = candidate;
    return this.value;
  }
}
