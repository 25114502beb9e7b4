import { normalUpperTailLog10 } from './score';

export interface ExcessRule {
  readonly minRatio: number;
  readonly minZ: number;
  readonly minAbsolute: number;
  /** A baseline learns at most this many standard deviations above the expectation from one window (default: up to the threshold). */
  readonly learnMaxZ?: number;
}

export interface Excess {
  readonly fires: boolean;
  /** Smallest value that would have fired. */
  readonly threshold: number;
  /**
   * The most a baseline learns from this window (expectation + learnMaxZ·sd),
   * so that the first half of an incident split across two windows, under the
   * absolute floor, does not lift the expectation the second half is judged
   * against; genuine growth is still learned, a few deviations at a time.
   */
  readonly learnCap: number;
  readonly log10P: number;
}

/**
 * The one rule behind every window kind: the observation must exceed the
 * expectation by a ratio, by a number of standard deviations, and an absolute
 * floor, all at once, so small-number noise and mild surges never fire.
 */
export function judgeExcess(observed: number, mean: number, sd: number, rule: ExcessRule): Excess {
  const threshold = Math.max(mean * rule.minRatio, mean + rule.minZ * sd, rule.minAbsolute);
  const learnCap = Math.min(threshold, mean + (rule.learnMaxZ ?? Infinity) * sd);
  const fires = observed >= threshold;
  return {
    fires,
    threshold,
    learnCap,
    log10P: fires ? normalUpperTailLog10((observed - mean) / sd) : 0,
  };
}
