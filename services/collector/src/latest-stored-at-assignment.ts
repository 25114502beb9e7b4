/**
 * The latest event time ClickHouse held when this process last took its
 * partitions, read once per group join (see lookup-horizon.ts for why).
 */
export class LatestStoredAtAssignment {
  private latest: Promise<string | undefined> | undefined;

  constructor(private readonly read: () => Promise<string | undefined>) {}

  /** Partitions may have changed hands: other processes' rows may be newer than what was read. */
  reassigned(): void {
    this.latest = undefined;
  }

  get(): Promise<string | undefined> {
    this.latest ??= this.read().catch((error: unknown) => {
      this.latest = undefined;
      throw error;
    });
    return this.latest;
  }
}
