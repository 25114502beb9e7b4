import { assignWindows, latestWindowStart, type WindowSpec } from './window-spec';

/** One open window of one key, with its aggregate. */
export interface KeyedWindow<A> {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly aggregate: A;
}

/**
 * One key's windowsFor answer kept by the caller (on its own per-key state),
 * so that asking again for a time in the same hop skips the store: each key
 * asks for the same windows once per shorter window it enters and again when
 * that closes. Valid while the hop and minStart match and the store removed
 * no window since (opening one never makes it stale: it already holds every
 * window of its hop from minStart on).
 */
export interface WindowsMemo<A> {
  removals: number;
  latestStart: number;
  minStart: number;
  readonly windows: KeyedWindow<A>[];
}

export function createWindowsMemo<A>(): WindowsMemo<A> {
  return { removals: -1, latestStart: NaN, minStart: NaN, windows: [] };
}

/**
 * Open event-time windows per key (an agent id, or an agent and a tool, …),
 * each holding a caller-defined aggregate, and a close schedule: windows are
 * returned by `closeUpTo` once the watermark reaches their end.
 */
export class KeyedWindowStore<A> {
  private readonly byKey = new Map<string, KeyedWindow<A>[]>();
  private readonly keysByEnd = new Map<number, Set<string>>();
  /** Distinct pending window ends, ascending. */
  private readonly pendingEnds: number[] = [];
  private readonly starts: number[] = [];
  private readonly found: KeyedWindow<A>[] = [];
  private openCount = 0;
  /** Bumped whenever windows are removed or restored: what makes a WindowsMemo stale. */
  private removals = 0;

  constructor(
    readonly spec: WindowSpec,
    private readonly createAggregate: (key: string, start: number, end: number) => A,
  ) {}

  /** Number of open windows over all keys. */
  get size(): number {
    return this.openCount;
  }

  /**
   * The windows of `key` that contain `time` and start at or after
   * `minStart`, oldest first, created when missing. The returned array is
   * reused by the next call: read it at once. With a memo, it is the memo's
   * own array, filled here unless the memo still holds the answer.
   */
  windowsFor(
    key: string,
    time: number,
    minStart = -Infinity,
    memo?: WindowsMemo<A>,
  ): readonly KeyedWindow<A>[] {
    if (memo === undefined) return this.findOrOpen(key, time, minStart, this.found);
    const latestStart = latestWindowStart(time, this.spec);
    if (
      memo.removals !== this.removals ||
      memo.latestStart !== latestStart ||
      memo.minStart !== minStart
    ) {
      this.findOrOpen(key, time, minStart, memo.windows);
      memo.removals = this.removals;
      memo.latestStart = latestStart;
      memo.minStart = minStart;
    }
    return memo.windows;
  }

  /** Fills `found` (overwritten in place) with windowsFor's answer. */
  private findOrOpen(
    key: string,
    time: number,
    minStart: number,
    found: KeyedWindow<A>[],
  ): KeyedWindow<A>[] {
    const count = assignWindows(time, this.spec, this.starts);
    let windows = this.byKey.get(key);
    if (windows === undefined) {
      windows = [];
      this.byKey.set(key, windows);
    }
    // Overwritten in place: `length = 0` would drop the array's store and the next push allocate one.
    let n = 0;
    for (let i = 0; i < count; i++) {
      const start = this.starts[i] as number;
      if (start < minStart) continue;
      found[n++] =
        findWindow(windows, start) ??
        this.open(key, windows, start, this.createAggregate(key, start, start + this.spec.sizeMs));
    }
    found.length = n;
    return found;
  }

  /** The open windows of `key`, oldest first (for snapshots). */
  windowsOf(key: string): readonly KeyedWindow<A>[] {
    return this.byKey.get(key) ?? [];
  }

  /** Re-opens a window from a snapshot. */
  restore(key: string, start: number, aggregate: A): void {
    let windows = this.byKey.get(key);
    if (windows === undefined) {
      windows = [];
      this.byKey.set(key, windows);
    }
    if (findWindow(windows, start) === undefined) this.open(key, windows, start, aggregate);
    this.removals++;
  }

  /** Forgets every open window of `key`, and its place in the close schedule (keys come and go by the million under a flood). */
  drop(key: string): void {
    const windows = this.byKey.get(key);
    if (windows === undefined) return;
    for (const window of windows) this.keysByEnd.get(window.end)?.delete(key);
    this.openCount -= windows.length;
    this.byKey.delete(key);
    this.removals++;
  }

  /** The earliest pending window end, if any (cheap check before `closeUpTo`). */
  nextEnd(): number | undefined {
    return this.pendingEnds[0];
  }

  /**
   * Removes and returns every window whose end is at or before `watermark`,
   * ordered by end, then by key, so the order never depends on arrival or
   * restore order.
   */
  closeUpTo(watermark: number): KeyedWindow<A>[] {
    const closed: KeyedWindow<A>[] = [];
    while (this.pendingEnds.length > 0 && (this.pendingEnds[0] as number) <= watermark) {
      const end = this.pendingEnds.shift() as number;
      // The default order (UTF-16 code units) is that of `<` on strings, without a call per comparison.
      const keys = [...(this.keysByEnd.get(end) ?? [])].sort();
      this.keysByEnd.delete(end);
      for (const key of keys) {
        const windows = this.byKey.get(key);
        if (windows === undefined) continue;
        const window = removeEndingAt(windows, end);
        if (window === undefined) continue;
        closed.push(window);
        this.openCount--;
        if (windows.length === 0) this.byKey.delete(key);
      }
    }
    if (closed.length > 0) this.removals++;
    return closed;
  }

  private open(
    key: string,
    windows: KeyedWindow<A>[],
    start: number,
    aggregate: A,
  ): KeyedWindow<A> {
    const window: KeyedWindow<A> = { key, start, end: start + this.spec.sizeMs, aggregate };
    // In place, not splice, which allocates the (empty) array it returns.
    let at = windows.length;
    windows.push(window);
    for (; at > 0 && (windows[at - 1] as KeyedWindow<A>).start > start; at--)
      windows[at] = windows[at - 1] as KeyedWindow<A>;
    windows[at] = window;
    this.openCount++;
    this.schedule(key, window.end);
    return window;
  }

  private schedule(key: string, end: number): void {
    const keys = this.keysByEnd.get(end);
    if (keys !== undefined) {
      keys.add(key);
      return;
    }
    this.keysByEnd.set(end, new Set([key]));
    let at = this.pendingEnds.length;
    while (at > 0 && (this.pendingEnds[at - 1] as number) > end) at--;
    this.pendingEnds.splice(at, 0, end);
  }
}

function findWindow<A>(windows: KeyedWindow<A>[], start: number): KeyedWindow<A> | undefined {
  for (let i = windows.length - 1; i >= 0; i--) {
    const window = windows[i] as KeyedWindow<A>;
    if (window.start === start) return window;
  }
  return undefined;
}

/** Removes and returns the window ending at `end`; in place, since splice would allocate the array it returns. */
function removeEndingAt<A>(windows: KeyedWindow<A>[], end: number): KeyedWindow<A> | undefined {
  let index = 0;
  while (index < windows.length && (windows[index] as KeyedWindow<A>).end !== end) index++;
  const window = windows[index];
  if (window === undefined) return undefined;
  for (let i = index + 1; i < windows.length; i++) windows[i - 1] = windows[i] as KeyedWindow<A>;
  windows.length--;
  return window;
}
