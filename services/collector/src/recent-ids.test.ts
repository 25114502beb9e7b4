import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('forgets the oldest id once full', () => {
    const recent = new RecentIds(2);
    recent.add('a', '2026-03-02 10:00:00');
    recent.add('b', '2026-03-02 10:00:01');
    recent.add('c', '2026-03-02 10:00:02');
    expect(recent.has('a')).toBe(false);
    expect(recent.has('c')).toBe(true);
    expect(recent.size).toBe(2);
  });

  it('remembers the latest time among the ids it forgot, whatever their order', () => {
    const recent = new RecentIds(1);
    expect(recent.latestForgottenTime).toBeUndefined();
    recent.add('late', '2026-03-02 10:05:00');
    recent.add('early', '2026-03-02 10:00:00');
    recent.add('next', '2026-03-02 10:01:00');
    expect(recent.latestForgottenTime).toBe('2026-03-02 10:05:00');
  });
});
