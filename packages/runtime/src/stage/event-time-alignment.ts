/**
 * Watermark alignment (as Flink's): while a backlog is read, Kafka hands out
 * partitions by bytes, not by event time, so one partition can run a day ahead
 * of another, and a judgment that reads more than its own partition (the
 * population, the watermark) then depends on which one got ahead. A partition
 * whose newest event is more than `maxAheadMs` ahead of the slowest partition
 * that still has unread input is paused until that one catches up. The slowest
 * is never paused, so reading always goes on; a partition with nothing unread
 * holds no one back.
 */
export class EventTimeAlignment {
  private readonly newest = new Map<number, number>();
  private readonly unread = new Set<number>();
  private readonly paused = new Set<number>();

  constructor(private readonly maxAheadMs: number) {}

  /** A batch of `partition` was handled: the newest event time it reached, and whether input is left. */
  delivered(partition: number, newestMs: number, unread: boolean): void {
    if (newestMs > (this.newest.get(partition) ?? Number.NEGATIVE_INFINITY))
      this.newest.set(partition, newestMs);
    if (unread) this.unread.add(partition);
    else this.unread.delete(partition);
  }

  /** The partitions to pause (all that should be, again) and to resume now. */
  changes(): { pause: number[]; resume: number[] } {
    let floor = Number.POSITIVE_INFINITY;
    for (const partition of this.unread)
      floor = Math.min(floor, this.newest.get(partition) ?? Number.POSITIVE_INFINITY);
    const resume: number[] = [];
    for (const [partition, newest] of this.newest) {
      const ahead = newest > floor + this.maxAheadMs;
      if (ahead) this.paused.add(partition);
      else if (this.paused.delete(partition)) resume.push(partition);
    }
    return { pause: [...this.paused], resume };
  }

  /** A new assignment: everything is forgotten; returns the partitions that were paused. */
  reset(): number[] {
    const paused = [...this.paused];
    this.newest.clear();
    this.unread.clear();
    this.paused.clear();
    return paused;
  }
}
