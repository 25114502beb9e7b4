import { WindowRateBaseline } from '@vigil/baselines';
import { normalUpperTailLog10 } from '@vigil/detectors';

/**
 * Vigil's own baseline scorer on a NAB series: each row is one window's
 * observation of one metric, judged against the WindowRateBaseline the
 * detectors keep for call volume and bytes (decayed mean and spread per hour
 * of day × weekday/weekend, overall while an hour is thin), then learned.
 */
export interface VigilNabOptions {
  /** Rate baselines forget: a window weighs half after this many days (the detectors' default: 7). */
  readonly halfLifeDays: number;
  /** Fewer samples in an hour bucket: use the overall statistics (the detectors' default: 3). */
  readonly minBucketSamples: number;
  /** Windows before the baseline is trusted at all (the detectors' minBaselineWindows: 36). */
  readonly minBaselineWindows: number;
  /** A row is reported only when more surprising than every row this many rows before it. */
  readonly suppressRows: number;
}

export const NAB_OPTIONS: VigilNabOptions = {
  halfLifeDays: 7,
  minBucketSamples: 3,
  minBaselineWindows: 36,
  suppressRows: 500,
};

/** The typical distance between rows: the baseline's window step. */
function typicalStepMs(times: readonly number[]): number {
  const steps = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? 1;
}

/** Vigil's 0–100 scale without its cap: 10 · −log10(p) of the two-sided tail. */
function surpriseScores(
  values: readonly number[],
  times: readonly number[],
  options: VigilNabOptions,
): Float64Array {
  const baseline = new WindowRateBaseline(1, {
    stepMs: typicalStepMs(times),
    halfLifeDays: options.halfLifeDays,
    minBucketSamples: options.minBucketSamples,
    // A missing row in NAB is missing data, not an idle agent: no zero filling.
    maxZeroFillWindows: 0,
    utcOffsetMinutes: 0,
  });
  const scores = new Float64Array(values.length);
  values.forEach((value, i) => {
    const time = times[i] as number;
    if (baseline.samples() >= options.minBaselineWindows) {
      const { mean, sd } = baseline.expected(0, time);
      const z = Math.abs(value - mean) / Math.max(sd, 1e-12);
      scores[i] = -10 * normalUpperTailLog10(z);
    }
    baseline.observe(time, [value]);
  });
  return scores;
}

/**
 * Vigil reports a cause once and again only when it grows (one alert per
 * suppression period unless severity rises): a row keeps its score only when
 * it beats every score of the previous `rows` rows.
 */
function reportRises(scores: Float64Array, rows: number): Float64Array {
  const reported = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    let recent = 0;
    for (let k = Math.max(0, i - rows); k < i; k++) recent = Math.max(recent, scores[k] as number);
    if ((scores[i] as number) > recent) reported[i] = scores[i] as number;
  }
  return reported;
}

/** NAB anomaly scores in [0, 1): Vigil's score s (uncapped) as s / (s + 100), so 100 (critical) is 0.5. */
export function vigilNabScores(
  values: readonly number[],
  times: readonly number[],
  options: VigilNabOptions = NAB_OPTIONS,
): Float64Array {
  const reported = reportRises(surpriseScores(values, times, options), options.suppressRows);
  return reported.map((s) => s / (s + 100));
}
