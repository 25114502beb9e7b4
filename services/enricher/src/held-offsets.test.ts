import { describe, expect, it } from 'vitest';
import { HeldOffsets } from './held-offsets';

describe('HeldOffsets', () => {
  it('commits a partition only up to the oldest event still held', () => {
    const offsets = new HeldOffsets();
    offsets.hold(0, '5');
    offsets.hold(0, '8');
    offsets.consumed(0, '10');
    expect(offsets.commitPositions()).toEqual([{ partition: 0, offset: '5' }]);
    offsets.release(0, '5');
    expect(offsets.commitPositions()).toEqual([{ partition: 0, offset: '8' }]);
    offsets.release(0, '8');
    expect(offsets.commitPositions()).toEqual([{ partition: 0, offset: '11' }]);
  });
});
