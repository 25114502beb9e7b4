import type { Position } from './stage';

interface TopicPosition extends Position {
  topic: string;
}

const keyOf = (topic: string, partition: number) => `${partition}\u0000${topic}`;

/**
 * Writes that trail a stage (its `persist`: ClickHouse rows) while it reads on.
 * Each pins the commit positions the stage had before its batch was handled:
 * until it and every write started before it are done, no partition is
 * committed past its pin (a partition without one is not committed at all),
 * so a crash replays whatever a trailing write had not stored yet. Writes may
 * finish in any order; they count as done in the order they started.
 */
export class TrailingWrites {
  private readonly pins: Array<Map<string, bigint>> = [];
  private chain: Promise<void> = Promise.resolve();

  /**
   * Starts tracking `write`, pinned at `positions` (the lowest, where a partition is named twice);
   * `onDone` runs once it and all earlier writes are done.
   */
  add(positions: TopicPosition[], write: Promise<void>, onDone: () => void): void {
    const pin = new Map<string, bigint>();
    for (const p of positions) {
      const key = keyOf(p.topic, p.partition);
      const offset = BigInt(p.offset);
      if (offset < (pin.get(key) ?? offset + 1n)) pin.set(key, offset);
    }
    this.pins.push(pin);
    this.chain = this.chain
      .then(() => write)
      .then(() => {
        this.pins.shift();
        onDone();
      });
    // A failed write stops the service (its caller reports it); the chain just stays failed.
    this.chain.catch(() => undefined);
  }

  /** How far `position` may be committed while writes trail: never past the oldest pin. */
  cap(position: TopicPosition): TopicPosition {
    let offset = BigInt(position.offset);
    const key = keyOf(position.topic, position.partition);
    for (const pin of this.pins) {
      const pinned = pin.get(key) ?? 0n;
      if (pinned < offset) offset = pinned;
    }
    return { ...position, offset: offset.toString() };
  }

  get size(): number {
    return this.pins.length;
  }

  /** Resolves once every write started so far is done. */
  settled(): Promise<void> {
    return this.chain;
  }
}
