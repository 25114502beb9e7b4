import { describe, expect, it } from 'vitest';
import { KeyedWindowStore } from './keyed-windows';
import { hoppingWindows, tumblingWindows } from './window-spec';

const MINUTE = 60_000;

function countingStore(spec = tumblingWindows(10 * MINUTE)) {
  return new KeyedWindowStore<{ count: number }>(spec, () => ({ count: 0 }));
}

function add(store: ReturnType<typeof countingStore>, key: string, time: number): void {
  for (const window of store.windowsFor(key, time)) window.aggregate.count++;
}

describe('KeyedWindowStore', () => {
  it('keeps separate windows per key', () => {
    const store = countingStore();
    add(store, 'a', MINUTE);
    add(store, 'a', 2 * MINUTE);
    add(store, 'b', 3 * MINUTE);
    const closed = store.closeUpTo(10 * MINUTE);
    expect(closed.map((w) => [w.key, w.aggregate.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('closes a window only when the watermark reaches its end', () => {
    const store = countingStore();
    add(store, 'a', MINUTE);
    expect(store.closeUpTo(10 * MINUTE - 1)).toEqual([]);
    expect(store.closeUpTo(10 * MINUTE)).toHaveLength(1);
    expect(store.size).toBe(0);
  });

  it('counts an event exactly at a window end in the next window', () => {
    const store = countingStore();
    add(store, 'a', 10 * MINUTE);
    expect(store.closeUpTo(10 * MINUTE)).toEqual([]);
    expect(store.closeUpTo(20 * MINUTE)[0]?.start).toBe(10 * MINUTE);
  });

  it('adds an event to every overlapping hopping window', () => {
    const store = countingStore(hoppingWindows(10 * MINUTE, 5 * MINUTE));
    add(store, 'a', 7 * MINUTE);
    add(store, 'a', 12 * MINUTE);
    const closed = store.closeUpTo(20 * MINUTE);
    expect(closed.map((w) => [w.start, w.aggregate.count])).toEqual([
      [0, 1],
      [5 * MINUTE, 2],
      [10 * MINUTE, 1],
    ]);
  });

  it('neither returns nor opens windows that start before minStart', () => {
    const store = countingStore(hoppingWindows(10 * MINUTE, 5 * MINUTE));
    expect(store.windowsFor('a', 7 * MINUTE, 5 * MINUTE).map((w) => w.start)).toEqual([5 * MINUTE]);
    expect(store.size).toBe(1);
  });

  it('orders closed windows by end then key, whatever the arrival order', () => {
    const store = countingStore();
    add(store, 'b', 11 * MINUTE);
    add(store, 'b', MINUTE);
    add(store, 'a', 12 * MINUTE);
    add(store, 'a', 2 * MINUTE);
    expect(store.closeUpTo(30 * MINUTE).map((w) => `${w.key}@${w.start / MINUTE}`)).toEqual([
      'a@0',
      'b@0',
      'a@10',
      'b@10',
    ]);
  });

  it('restores and drops windows of one key', () => {
    const store = countingStore();
    store.restore('a', 0, { count: 5 });
    add(store, 'b', MINUTE);
    store.drop('b');
    expect(store.closeUpTo(10 * MINUTE).map((w) => [w.key, w.aggregate.count])).toEqual([['a', 5]]);
  });

  it('a key dropped and seen again in the same window closes once, with its new count', () => {
    const store = countingStore();
    add(store, 'a', MINUTE);
    store.drop('a');
    add(store, 'a', 2 * MINUTE);
    expect(store.closeUpTo(10 * MINUTE).map((w) => [w.key, w.aggregate.count])).toEqual([['a', 1]]);
    expect(store.size).toBe(0);
  });
});
