/**
 * Fixed-size records of numbers for many owners (agents, operations) in one
 * growing Float64Array. With thousands of agents, per-owner typed arrays are
 * scattered over the heap and each event's read of them misses the cache; in
 * a slab the records of 10,000 agents take a megabyte or two, close together.
 * A record is addressed by its offset; `data` is replaced when the slab grows,
 * so read it through the slab each time, never keep it.
 */
export class NumberSlab {
  data: Float64Array;
  private readonly freeOffsets: number[] = [];
  private used = 0;

  constructor(
    readonly stride: number,
    initialRecords = 1024,
  ) {
    this.data = new Float64Array(stride * initialRecords);
  }

  /** The offset of a new record, all zeros. */
  allocate(): number {
    const reused = this.freeOffsets.pop();
    if (reused !== undefined) {
      this.data.fill(0, reused, reused + this.stride);
      return reused;
    }
    if (this.used + this.stride > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const offset = this.used;
    this.used += this.stride;
    return offset;
  }

  release(offset: number): void {
    this.freeOffsets.push(offset);
  }

  /** Records in use. */
  get size(): number {
    return this.used / this.stride - this.freeOffsets.length;
  }
}
