/**
 * Which input partitions hold the watermark back: those with unread input, and
 * those that delivered input within the last `idleAfterMs` of processing time.
 * A partition that is caught up and has been silent longer is idle and stops
 * holding it, so one quiet partition does not stall window closing — and a
 * partition whose upstream is merely slow is not mistaken for idle, as an
 * event-time rule would while a backlog is read in per-partition batches.
 */
export class PartitionActivity {
  private readonly lastInputAt = new Map<number, number>();
  private readonly lag = new Map<number, bigint>();

  constructor(private readonly idleAfterMs: number) {}

  /** A new assignment: each partition counts as active until it proves idle. */
  assign(partitions: Iterable<number>, nowMs: number): void {
    this.lastInputAt.clear();
    for (const partition of partitions) this.lastInputAt.set(partition, nowMs);
  }

  delivered(partition: number, lag: bigint, nowMs: number): void {
    this.lastInputAt.set(partition, nowMs);
    this.lag.set(partition, lag);
  }

  updateLag(lag: Map<number, bigint>): void {
    for (const [partition, value] of lag) this.lag.set(partition, value);
  }

  holding(nowMs: number): Array<[partition: number, holds: boolean]> {
    return [...this.lastInputAt].map(([partition, at]) => [
      partition,
      (this.lag.get(partition) ?? 0n) > 0n || nowMs - at < this.idleAfterMs,
    ]);
  }
}
