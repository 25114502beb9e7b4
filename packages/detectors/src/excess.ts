import { normalUpperTailLog10 } from './score';

export interface ExcessRule {
  readonly minRatio: number;
  readonly minZ: number;
  readonly minAbsolute: number;
}

export interface Excess {
  readonly fires: boolean;
  /** Smallest value that would have fired: what a baseline learns instead of an anomalous value. */
  readonly threshold: number;
  readonly log10P: number;
}

/**
 * The one rule behind every window kind: the observation must exceed the
 * expectation by a ratio, by a number of standard deviations, and an absolute
 * floor, all at once, so small-number noise and mild surges never fire.
 */
export function judgeExcess(observed: number, mean: number, sd: number, rule: ExcessRule): Excess {
  const threshold = Math.max(mean * rule.minRatio, mean + rule.minZ * sd, rule.minAbsolute);
  const fires = observed >= threshold;
  return { fires, threshold, log10P: fires ? normalUpperTailLog10((observed - mean) / sd) : 0 };
}
