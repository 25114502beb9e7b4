/**
 * The most recent `capacity` ids, to count a redelivered or duplicated event
 * once. Bounded so memory stays flat; eviction is first-in first-out, so the
 * same input always evicts the same ids.
 */
export class SeenIds {
  private readonly ids = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(Math.max(0, capacity));
  }

  /** Records `id`; returns false when it was already among the recent ids. */
  add(id: string): boolean {
    if (this.capacity <= 0) return true;
    if (this.ids.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
