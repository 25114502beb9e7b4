import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('forgets the oldest id once full', () => {
    const recent = new RecentIds(2);
    recent.add('a');
    recent.add('b');
    recent.add('c');
    expect(recent.has('a')).toBe(false);
    expect(recent.has('c')).toBe(true);
    expect(recent.size).toBe(2);
  });
});
