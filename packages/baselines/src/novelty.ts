/**
 * Chance that an agent's next observation is something it has never used,
 * from its own history (rule of succession): (discoveries + 1) / (observations + 2).
 * An agent still exploring has a high chance; a settled one a small chance.
 */
export function noveltyProbability(discoveries: number, observations: number): number {
  return (discoveries + 1) / (observations + 2);
}

/** The things an agent has used (servers, tools, resource shapes). One hash lookup per observation. */
export class NoveltySet {
  private readonly known: Set<string>;

  constructor(keys: Iterable<string> = []) {
    this.known = new Set(keys);
  }

  /** Records a use of `key`; returns true when it was new. */
  observe(key: string): boolean {
    if (this.known.has(key)) return false;
    this.known.add(key);
    return true;
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  get size(): number {
    return this.known.size;
  }

  keys(): IterableIterator<string> {
    return this.known.keys();
  }

  toJSON(): string[] {
    return [...this.known];
  }

  static fromJSON(keys: readonly unknown[]): NoveltySet {
    return new NoveltySet(keys.map(String));
  }
}
