/**
 * Chance that an agent's next observation is something it has never used,
 * from its own history (rule of succession): (discoveries + 1) / (observations + 2).
 * An agent still exploring has a high chance; a settled one a small chance.
 */
export function noveltyProbability(discoveries: number, observations: number): number {
  return (discoveries + 1) / (observations + 2);
}

/**
 * A set of things an agent has used (servers, tools, resource shapes) with how
 * often, and how many of its observations were discoveries.
 */
export class NoveltySet {
  private readonly counts = new Map<string, number>();

  /** Records a use of `key`; returns true when it was new. */
  observe(key: string): boolean {
    const count = this.counts.get(key);
    this.counts.set(key, (count ?? 0) + 1);
    return count === undefined;
  }

  has(key: string): boolean {
    return this.counts.has(key);
  }

  get size(): number {
    return this.counts.size;
  }

  keys(): IterableIterator<string> {
    return this.counts.keys();
  }

  toJSON(): [string, number][] {
    return [...this.counts];
  }

  static fromJSON(entries: readonly (readonly [string, number])[]): NoveltySet {
    const set = new NoveltySet();
    for (const [key, count] of entries) set.counts.set(String(key), Number(count) || 1);
    return set;
  }
}
