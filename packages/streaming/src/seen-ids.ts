/**
 * Recent event ids, to count a redelivered or duplicated event once.
 *
 * Stores 52-bit fingerprints of the ids in two open-addressing tables (in one
 * typed array), not the strings: holding hundreds of thousands of event-id strings
 * would keep them alive through every young-generation collection, which cost
 * more than the rest of the engine. Two generations of `capacity / 2` ids:
 * when the young one is full the old one is forgotten at once, so memory is
 * fixed and the same input always forgets the same ids. At least the last
 * `capacity / 2` ids are remembered. Two different ids share a fingerprint
 * with probability about capacity / 2^52 (1 in 20 billion at 200,000), in
 * which case the second would be taken for a duplicate.
 */
export class SeenIds {
  /**
   * Both generations in one array, slot by slot: slot i of generation g at
   * 2i + g. A lookup probes both from the same slot, so a new id (nearly
   * every id) costs one cache miss, not one per generation.
   */
  private readonly slots: Float64Array;
  /** Which generation (0 or 1) is young. */
  private young = 0;
  private youngCount = 0;
  private readonly generationSize: number;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
    let slots = 8;
    while (slots < this.generationSize * 2) slots *= 2;
    this.mask = slots - 1;
    this.slots = new Float64Array(capacity > 0 ? slots * 2 : 0);
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
    if (this.find(this.young, start, fingerprint) || this.find(1 - this.young, start, fingerprint))
      return false;
    if (this.youngCount >= this.generationSize) {
      // The old generation is forgotten; the young one becomes old.
      const recycled = 1 - this.young;
      for (let i = recycled; i < this.slots.length; i += 2) this.slots[i] = 0;
      this.young = recycled;
      this.youngCount = 0;
    }
    let slot = start;
    while (this.slots[2 * slot + this.young] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot + this.young] = fingerprint;
    this.youngCount++;
    return true;
  }

  /** Ids currently remembered. */
  get size(): number {
    if (this.capacity <= 0) return 0;
    let occupied = 0;
    for (let i = 1 - this.young; i < this.slots.length; i += 2) if (this.slots[i] !== 0) occupied++;
    return occupied + this.youngCount;
  }

  private find(generation: number, start: number, fingerprint: number): boolean {
    let slot = start;
    for (;;) {
      const value = this.slots[2 * slot + generation];
      if (value === 0) return false;
      if (value === fingerprint) return true;
      slot = (slot + 1) & this.mask;
    }
  }
}
