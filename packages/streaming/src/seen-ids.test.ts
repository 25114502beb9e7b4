import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('reports a repeated id as already seen', () => {
    const seen = new SeenIds(10);
    expect(seen.add('e-1')).toBe(true);
    expect(seen.add('e-1')).toBe(false);
  });

  it('remembers at least half its capacity and forgets older ids', () => {
    const seen = new SeenIds(4);
    for (const id of ['e-1', 'e-2', 'e-3', 'e-4', 'e-5']) seen.add(id);
    expect(seen.size).toBeLessThanOrEqual(4);
    expect(seen.add('e-4')).toBe(false);
    expect(seen.add('e-1')).toBe(true);
  });

  it('accepts everything when its capacity is zero', () => {
    const seen = new SeenIds(0);
    expect(seen.add('e-1')).toBe(true);
    expect(seen.add('e-1')).toBe(true);
  });
});

describe('SeenIds fingerprints', () => {
  it('keeps many distinct ids distinct', () => {
    const seen = new SeenIds(200_000);
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) if (seen.add(`ev-${i}`)) accepted++;
    expect(accepted).toBe(100_000);
    expect(seen.add('ev-99999')).toBe(false);
  });
});
