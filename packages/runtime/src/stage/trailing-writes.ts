import type { Position } from './stage';

export interface TopicPosition extends Position {
  topic: string;
}

type Pin = Map<string, bigint>;

const keyOf = (topic: string, partition: number) => `${partition}\u0000${topic}`;

/** The lowest offset named for each partition. */
function lowest(into: Pin, positions: TopicPosition[]): Pin {
  for (const p of positions) {
    const key = keyOf(p.topic, p.partition);
    const offset = BigInt(p.offset);
    if (offset < (into.get(key) ?? offset + 1n)) into.set(key, offset);
  }
  return into;
}

interface Group<Out> {
  pin: Pin;
  outs: Out[];
}

export interface TrailingWritesOptions<Out> {
  /** Writes the outputs of every batch gathered since the last write, in the order they were added. */
  write(outs: Out[]): Promise<void>;
  /** Runs after each write, once it and every write before it are done. */
  onDone(): void;
  /**
   * A write starts at most this often. One insert per interval instead of one per batch:
   * at a few thousand events/s ClickHouse's per-insert cost, not the rows, is what holds
   * every stage back (each insert makes a part that is merged later).
   */
  everyMs: number;
}

/**
 * Writes that trail a stage (its `persist`: ClickHouse rows) while it reads on.
 * Batches' outputs are gathered and written together, at most once per
 * `everyMs`. Each batch pins the commit positions the stage had before it was
 * handled: until its write and every write before it are done, no partition is
 * committed past its pin (a partition without one is not committed at all), so
 * a crash replays whatever a trailing write had not stored yet. Writes go one
 * at a time, in order.
 */
export class TrailingWrites<Out> {
  /** Gathered, not yet handed to a write. */
  private open: Group<Out> | undefined;
  /** Handed to a write that is not done: oldest first. */
  private readonly writing: Pin[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastStartMs = -Infinity;

  constructor(private readonly options: TrailingWritesOptions<Out>) {}

  /** Gathers `out` for the next write, pinned at `positions` (the lowest, where a partition is named twice). */
  add(positions: TopicPosition[], out: Out): void {
    this.open ??= { pin: new Map(), outs: [] };
    lowest(this.open.pin, positions);
    this.open.outs.push(out);
    if (this.timer) return;
    const waitMs = Math.max(0, this.lastStartMs + this.options.everyMs - performance.now());
    this.timer = setTimeout(() => this.flush(), waitMs);
  }

  /** How far `position` may be committed while writes trail: never past the oldest pin. */
  cap(position: TopicPosition): TopicPosition {
    let offset = BigInt(position.offset);
    const key = keyOf(position.topic, position.partition);
    for (const pin of this.pins()) {
      const pinned = pin.get(key) ?? 0n;
      if (pinned < offset) offset = pinned;
    }
    return { ...position, offset: offset.toString() };
  }

  /** Writes handed out and not done: more than one means ClickHouse is falling behind. */
  get backlog(): number {
    return this.writing.length;
  }

  /** Writes what is gathered now, and resolves once every write so far is done. */
  settled(): Promise<void> {
    this.flush();
    return this.chain;
  }

  private *pins(): Iterable<Pin> {
    yield* this.writing;
    if (this.open) yield this.open.pin;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.open;
    if (!group) return;
    this.open = undefined;
    this.writing.push(group.pin);
    this.chain = this.chain
      .then(() => {
        this.lastStartMs = performance.now();
        return this.options.write(group.outs);
      })
      .then(() => {
        this.writing.shift();
        this.options.onDone();
      });
    // A failed write stops the service (its caller reports it); the chain just stays failed.
    this.chain.catch(() => undefined);
  }
}
