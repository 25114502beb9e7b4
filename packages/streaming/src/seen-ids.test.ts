import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('reports a repeated id as already seen', () => {
    const seen = new SeenIds(10);
    expect(seen.add('e-1')).toBe(true);
    expect(seen.add('e-1')).toBe(false);
  });

  it('forgets the oldest id beyond its capacity', () => {
    const seen = new SeenIds(2);
    seen.add('e-1');
    seen.add('e-2');
    seen.add('e-3');
    expect(seen.size).toBe(2);
    expect(seen.add('e-1')).toBe(true);
    expect(seen.add('e-3')).toBe(false);
  });

  it('accepts everything when its capacity is zero', () => {
    const seen = new SeenIds(0);
    expect(seen.add('e-1')).toBe(true);
    expect(seen.add('e-1')).toBe(true);
  });
});
