import { describe, expect, it } from 'vitest';
import { judgeExcess } from './excess';

const rule = { minRatio: 5, minZ: 5, minAbsolute: 100 };

describe('judgeExcess', () => {
  it('fires on a blatant burst', () => {
    const excess = judgeExcess(412, 3, 2, rule);
    expect(excess.fires).toBe(true);
    expect(excess.log10P).toBeLessThan(-100);
  });

  it('stays quiet on a small-number spike that is only relatively large', () => {
    expect(judgeExcess(40, 3, 2, rule).fires).toBe(false);
  });

  it('stays quiet on a large count that is usual for the agent', () => {
    expect(judgeExcess(600, 500, 50, rule).fires).toBe(false);
  });
});
