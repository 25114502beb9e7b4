import { describe, expect, it } from 'vitest';
import { PartitionActivity } from './partition-activity';

describe('PartitionActivity', () => {
  it('holds a partition while it has unread input or spoke recently, then lets it go idle', () => {
    const activity = new PartitionActivity(30_000);
    activity.assign([0, 1], 0);
    activity.delivered(0, 0n, 10_000);
    expect(activity.holding(20_000)).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(activity.holding(35_000)).toEqual([
      [0, true],
      [1, false],
    ]);
    activity.updateLag(new Map([[1, 5n]]));
    expect(activity.holding(60_000)).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});
