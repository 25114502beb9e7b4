import { describe, expect, it } from 'vitest';
import { assignWindows, hoppingWindows, latestWindowStart, tumblingWindows } from './window-spec';

const MINUTE = 60_000;

describe('window assignment', () => {
  it('puts an event exactly at a window end into the next window', () => {
    const spec = tumblingWindows(10 * MINUTE);
    expect(latestWindowStart(10 * MINUTE, spec)).toBe(10 * MINUTE);
    expect(latestWindowStart(10 * MINUTE - 1, spec)).toBe(0);
  });

  it('assigns one window per event for tumbling windows', () => {
    const out: number[] = [];
    expect(assignWindows(25 * MINUTE, tumblingWindows(10 * MINUTE), out)).toBe(1);
    expect(out[0]).toBe(20 * MINUTE);
  });

  it('assigns size/hop overlapping windows, oldest first, for hopping windows', () => {
    const out: number[] = [];
    const count = assignWindows(25 * MINUTE, hoppingWindows(10 * MINUTE, 5 * MINUTE), out);
    expect(out.slice(0, count)).toEqual([20 * MINUTE, 25 * MINUTE]);
  });

  it('aligns windows to the offset, also before the epoch', () => {
    const spec = tumblingWindows(10 * MINUTE, 3 * MINUTE);
    expect(latestWindowStart(2 * MINUTE, spec)).toBe(-7 * MINUTE);
    expect(latestWindowStart(13 * MINUTE, spec)).toBe(13 * MINUTE);
  });

  it('rejects a hop that does not divide the size, with a code', () => {
    expect(() => hoppingWindows(10 * MINUTE, 3 * MINUTE)).toThrow(
      expect.objectContaining({ code: 'VIGIL_STREAM_BAD_WINDOW_SPEC' }),
    );
  });
});
