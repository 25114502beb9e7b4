/**
 * A bounded set of recently seen event ids: the oldest is forgotten first.
 * It spares ClickHouse a lookup for the common repeat (a gateway retry within
 * seconds); ClickHouse stays the authority after a restart.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
