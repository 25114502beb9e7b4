/**
 * Recent event ids, to count a redelivered or duplicated event once.
 *
 * Stores 52-bit fingerprints of the ids in two open-addressing tables (typed
 * arrays), not the strings: holding hundreds of thousands of event-id strings
 * would keep them alive through every young-generation collection, which cost
 * more than the rest of the engine. Two generations of `capacity / 2` ids:
 * when the young one is full the old one is forgotten at once, so memory is
 * fixed and the same input always forgets the same ids. At least the last
 * `capacity / 2` ids are remembered. Two different ids share a fingerprint
 * with probability about capacity / 2^52 (1 in 20 billion at 200,000), in
 * which case the second would be taken for a duplicate.
 */
export class SeenIds {
  private young: Float64Array;
  private old: Float64Array;
  private youngCount = 0;
  private readonly generationSize: number;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
    let slots = 8;
    while (slots < this.generationSize * 2) slots *= 2;
    this.mask = slots - 1;
    this.young = new Float64Array(capacity > 0 ? slots : 0);
    this.old = new Float64Array(capacity > 0 ? slots : 0);
  }

  /** Records `id`; returns false when it was already among the recent ids. */
  add(id: string): boolean {
    if (this.capacity <= 0) return true;
    let low = 0x811c9dc5;
    let high = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      low = Math.imul(low ^ c, 0x01000193);
      high = Math.imul(high ^ c, 0x5bd1e995);
      high ^= high >>> 13;
    }
    const fingerprint = (low >>> 0) * 0x100000 + ((high >>> 12) & 0xfffff) || 1;
    const start = low & this.mask;
    if (this.find(this.young, start, fingerprint) || this.find(this.old, start, fingerprint))
      return false;
    if (this.youngCount >= this.generationSize) {
      const recycled = this.old;
      recycled.fill(0);
      this.old = this.young;
      this.young = recycled;
      this.youngCount = 0;
    }
    let slot = start;
    while (this.young[slot] !== 0) slot = (slot + 1) & this.mask;
    this.young[slot] = fingerprint;
    this.youngCount++;
    return true;
  }

  /** Ids currently remembered. */
  get size(): number {
    if (this.capacity <= 0) return 0;
    let occupied = 0;
    for (let i = 0; i < this.old.length; i++) if (this.old[i] !== 0) occupied++;
    return occupied + this.youngCount;
  }

  private find(table: Float64Array, start: number, fingerprint: number): boolean {
    let slot = start;
    for (;;) {
      const value = table[slot];
      if (value === 0) return false;
      if (value === fingerprint) return true;
      slot = (slot + 1) & this.mask;
    }
  }
}
