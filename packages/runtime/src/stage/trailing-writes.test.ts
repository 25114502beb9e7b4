import { describe, expect, it } from 'vitest';
import { TrailingWrites } from './trailing-writes';

const at = (partition: number, offset: number, topic = 't') => ({
  topic,
  partition,
  offset: String(offset),
});

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TrailingWrites', () => {
  it('holds every partition at its pin until the write is done', async () => {
    const trailing = new TrailingWrites();
    const write = deferred();
    let done = 0;
    trailing.add([at(0, 100), at(1, 40), at(0, 120)], write.promise, () => done++);
    expect(trailing.cap(at(0, 180))).toEqual(at(0, 100));
    expect(trailing.cap(at(1, 30))).toEqual(at(1, 30));
    // A partition the pin does not name is not committed at all while the write trails.
    expect(trailing.cap(at(2, 10))).toEqual(at(2, 0));
    expect(trailing.cap(at(0, 180, 'other'))).toEqual(at(0, 0, 'other'));
    write.resolve();
    await trailing.settled();
    expect(done).toBe(1);
    expect(trailing.cap(at(0, 180))).toEqual(at(0, 180));
  });

  it('counts a write done only once every earlier write is done', async () => {
    const trailing = new TrailingWrites();
    const first = deferred();
    const second = deferred();
    const finished: string[] = [];
    trailing.add([at(0, 10)], first.promise, () => finished.push('first'));
    trailing.add([at(0, 20)], second.promise, () => finished.push('second'));
    second.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(finished).toEqual([]);
    expect(trailing.cap(at(0, 30))).toEqual(at(0, 10));
    first.resolve();
    await trailing.settled();
    expect(finished).toEqual(['first', 'second']);
    expect(trailing.size).toBe(0);
  });

  it('stays failed after a write fails, so nothing it held is committed', async () => {
    const trailing = new TrailingWrites();
    let done = 0;
    trailing.add([at(0, 10)], Promise.reject(new Error('ClickHouse refused')), () => done++);
    trailing.add([at(0, 20)], Promise.resolve(), () => done++);
    await expect(trailing.settled()).rejects.toThrow('ClickHouse refused');
    expect(done).toBe(0);
    expect(trailing.cap(at(0, 30))).toEqual(at(0, 10));
  });
});
