/**
 * Recent event ids, to count a redelivered or duplicated event once. Two
 * generations of at most `capacity / 2` ids each: when the young one is full
 * the old one is forgotten at once. That keeps memory bounded without
 * deleting ids one by one (which makes large hash sets rehash constantly), and
 * the same input always forgets the same ids. At least the last
 * `capacity / 2` ids are always remembered.
 */
export class SeenIds {
  private young = new Set<string>();
  private old = new Set<string>();
  private readonly generationSize: number;

  constructor(readonly capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  /** Records `id`; returns false when it was already among the recent ids. */
  add(id: string): boolean {
    if (this.capacity <= 0) return true;
    if (this.young.has(id) || this.old.has(id)) return false;
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Set();
    }
    this.young.add(id);
    return true;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
