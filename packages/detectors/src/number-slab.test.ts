import { describe, expect, it } from 'vitest';
import { NumberSlab } from './number-slab';

describe('NumberSlab', () => {
  it('keeps each record apart and its numbers across growth', () => {
    const slab = new NumberSlab(3, 1);
    const a = slab.allocate();
    slab.data[a + 2] = 7;
    const b = slab.allocate();
    slab.data[b] = 5;
    expect(b).not.toBe(a);
    expect(slab.data[a + 2]).toBe(7);
    expect(slab.data[b]).toBe(5);
    expect(slab.size).toBe(2);
  });

  it('reuses a released record, zeroed', () => {
    const slab = new NumberSlab(2);
    const a = slab.allocate();
    slab.data[a] = 9;
    slab.release(a);
    expect(slab.size).toBe(0);
    const b = slab.allocate();
    expect(b).toBe(a);
    expect(slab.data[b]).toBe(0);
  });
});
