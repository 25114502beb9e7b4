import { mean, median, variance } from 'simple-statistics';

/** What a baseline expects of one metric, and where the expectation came from. */
export interface Expectation {
  readonly mean: number;
  readonly sd: number;
  /** Effective (decayed) number of samples behind the expectation. */
  readonly samples: number;
  /** `other-days`: the same hour on the other kind of day (weekdays for a weekend hour, or back). */
  readonly source: 'hour' | 'other-days' | 'overall' | 'peers';
  /**
   * The largest window the agent's own baseline learned lately (decayed
   * with the baseline's half-life), whatever the hour; absent for peers.
   * Heavy-tailed metrics (a CI runner's artifact downloads) reach it without
   * being anomalous, so nothing at or a little above it is.
   */
  readonly peak?: number;
}

/**
 * The expectation for a newcomer drawn from its peers: the average of their
 * means, with a spread that covers both each peer's own variation and the
 * differences between peers.
 */
export function poolExpectations(expectations: readonly Expectation[]): Expectation | undefined {
  if (expectations.length === 0) return undefined;
  const means = expectations.map((e) => e.mean);
  const withinVariance = mean(expectations.map((e) => e.sd * e.sd));
  const betweenVariance = expectations.length > 1 ? variance(means) : 0;
  return {
    mean: mean(means),
    sd: Math.sqrt(withinVariance + betweenVariance),
    samples: expectations.reduce((sum, e) => sum + e.samples, 0),
    source: 'peers',
  };
}

/**
 * How far a whole population runs above its usual level right now: the median
 * of observed/expected over its members. The median ignores a few outliers, so
 * one attacking agent does not raise the bar for itself.
 */
export function populationRatio(ratios: readonly number[]): number | undefined {
  return ratios.length === 0 ? undefined : median(ratios as number[]);
}
