import { describe, expect, it } from 'vitest';
import { TrailingWrites } from './trailing-writes';

const at = (partition: number, offset: number, topic = 't') => ({
  topic,
  partition,
  offset: String(offset),
});

function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A TrailingWrites whose writes are recorded, and each finishes when the test says so. */
function recorded(everyMs = 0) {
  const writes: Array<{ outs: string[]; done: ReturnType<typeof deferred> }> = [];
  let done = 0;
  const trailing = new TrailingWrites<string>({
    everyMs,
    write: (outs) => {
      const write = { outs, done: deferred() };
      writes.push(write);
      return write.done.promise;
    },
    onDone: () => done++,
  });
  return { trailing, writes, done: () => done };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TrailingWrites', () => {
  it('holds every partition at its pin until the write is done', async () => {
    const { trailing, writes, done } = recorded();
    trailing.add([at(0, 100), at(1, 40), at(0, 120)], 'a');
    expect(trailing.cap(at(0, 180))).toEqual(at(0, 100));
    expect(trailing.cap(at(1, 30))).toEqual(at(1, 30));
    // A partition the pin does not name is not committed at all while the write trails.
    expect(trailing.cap(at(2, 10))).toEqual(at(2, 0));
    expect(trailing.cap(at(0, 180, 'other'))).toEqual(at(0, 0, 'other'));
    await tick();
    writes[0]?.done.resolve();
    await trailing.settled();
    expect(done()).toBe(1);
    expect(trailing.cap(at(0, 180))).toEqual(at(0, 180));
  });

  it('gathers the batches of one interval into one write, in order, pinned at the first', async () => {
    const { trailing, writes } = recorded(50);
    trailing.add([at(0, 10)], 'first');
    await tick();
    writes[0]?.done.resolve();
    await tick();
    // The interval since the first write has not passed: these wait, together.
    trailing.add([at(0, 20)], 'second');
    trailing.add([at(0, 30), at(1, 7)], 'third');
    await tick();
    expect(writes.map((w) => w.outs)).toEqual([['first']]);
    expect(trailing.cap(at(0, 40))).toEqual(at(0, 20));
    expect(trailing.cap(at(1, 9))).toEqual(at(1, 7));
    await tick(60);
    expect(writes.map((w) => w.outs)).toEqual([['first'], ['second', 'third']]);
  });

  it('counts a write done only once every earlier write is done', async () => {
    const { trailing, writes, done } = recorded();
    trailing.add([at(0, 10)], 'first');
    const first = trailing.settled();
    trailing.add([at(0, 20)], 'second');
    const second = trailing.settled();
    expect(trailing.backlog).toBe(2);
    await tick();
    // One write at a time: the second starts only once the first is done.
    expect(writes.map((w) => w.outs)).toEqual([['first']]);
    expect(trailing.cap(at(0, 30))).toEqual(at(0, 10));
    writes[0]?.done.resolve();
    await first;
    expect(done()).toBe(1);
    expect(trailing.cap(at(0, 30))).toEqual(at(0, 20));
    await tick();
    writes[1]?.done.resolve();
    await second;
    expect(done()).toBe(2);
    expect(trailing.backlog).toBe(0);
  });

  it('stays failed after a write fails, so nothing it held is committed', async () => {
    const { trailing, writes, done } = recorded();
    trailing.add([at(0, 10)], 'refused');
    const settled = trailing.settled();
    trailing.add([at(0, 20)], 'after');
    await tick();
    writes[0]?.done.reject(new Error('ClickHouse refused'));
    await expect(settled).rejects.toThrow('ClickHouse refused');
    await expect(trailing.settled()).rejects.toThrow('ClickHouse refused');
    expect(done()).toBe(0);
    expect(writes).toHaveLength(1);
    expect(trailing.cap(at(0, 30))).toEqual(at(0, 10));
  });
});
