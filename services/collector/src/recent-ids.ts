/**
 * A bounded map of recently seen event ids to their ClickHouse DateTime text:
 * the oldest is forgotten first. It spares ClickHouse a lookup for the common
 * repeat (a gateway retry within seconds); ClickHouse stays the authority after
 * a restart. It also remembers the latest time among the ids it forgot, since
 * a repeat of a forgotten id can only be caught by a lookup.
 */
export class RecentIds {
  private readonly ids = new Map<string, string>();
  private latestForgotten: string | undefined;

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string, dateTime: string): void {
    if (this.ids.has(id)) return;
    this.ids.set(id, dateTime);
    if (this.ids.size > this.capacity) {
      const [oldest, time] = this.ids.entries().next().value as [string, string];
      this.ids.delete(oldest);
      if (this.latestForgotten === undefined || time > this.latestForgotten) {
        this.latestForgotten = time;
      }
    }
  }

  /** The latest DateTime text among forgotten ids; undefined while nothing was forgotten. */
  get latestForgottenTime(): string | undefined {
    return this.latestForgotten;
  }

  get size(): number {
    return this.ids.size;
  }
}
