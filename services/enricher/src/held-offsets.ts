/**
 * Offsets of audit events the join still holds, per partition. A partition may
 * only be committed up to its oldest held offset: committing past it would lose
 * that event in a crash.
 */
export class HeldOffsets {
  private readonly held = new Map<number, Set<bigint>>();
  private readonly consumedTo = new Map<number, bigint>();

  hold(partition: number, offset: string): void {
    let offsets = this.held.get(partition);
    if (!offsets) this.held.set(partition, (offsets = new Set()));
    offsets.add(BigInt(offset));
  }

  release(partition: number, offset: string): void {
    this.held.get(partition)?.delete(BigInt(offset));
  }

  /** Records that everything up to `lastOffset` was read. */
  consumed(partition: number, lastOffset: string): void {
    this.consumedTo.set(partition, BigInt(lastOffset) + 1n);
  }

  /** The offset to commit per partition: the oldest held one, or the next to read. */
  commitPositions(): Array<{ partition: number; offset: string }> {
    return [...this.consumedTo.entries()].map(([partition, next]) => {
      let position = next;
      for (const offset of this.held.get(partition) ?? []) if (offset < position) position = offset;
      return { partition, offset: position.toString() };
    });
  }
}
