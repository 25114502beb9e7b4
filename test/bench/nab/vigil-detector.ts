import { SurpriseHistory, WindowRateBaseline } from '@vigil/baselines';
import { normalUpperTailLog10 } from '@vigil/detectors';

/**
 * Vigil's own baseline scorer on a NAB series. Each row is one window's
 * observation of one metric:
 * 1. judged against the WindowRateBaseline the detectors keep for call volume
 *    and bytes (decayed mean and spread per hour of day × weekday/weekend,
 *    overall while an hour is thin), two-sided, as Vigil's score
 *    10 · −log10 p, uncapped;
 * 2. calibrated by the series' own history (SurpriseHistory): how often it
 *    has been that surprising before;
 * 3. reported once per cause: only when it beats every score of the previous
 *    `suppressWindows` windows (one alert per suppression period unless it rises).
 */
export interface VigilNabOptions {
  /** Rate baselines forget: a window weighs half after this many days (the detectors' default: 7). */
  readonly halfLifeDays: number;
  /** Fewer samples in an hour bucket: use the overall statistics (the detectors' default: 3). */
  readonly minBucketSamples: number;
  /** Windows before the baseline is trusted at all (the detectors' minBaselineWindows: 36). */
  readonly minBaselineWindows: number;
  /** The surprise history forgets: a window's score weighs half after this many windows. */
  readonly historyHalfLifeWindows: number;
  /**
   * Weight of the model's own score beside the calibrated one: among rows
   * equally rare in the series' history, the more extreme one ranks higher.
   */
  readonly modelWeight: number;
  /** A score is reported only when it beats every score of this many windows before it. */
  readonly suppressWindows: number;
}

export const NAB_OPTIONS: VigilNabOptions = {
  halfLifeDays: 7,
  minBucketSamples: 3,
  minBaselineWindows: 36,
  historyHalfLifeWindows: 5000,
  modelWeight: 0.01,
  suppressWindows: 300,
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

/** Steps 1 and 2: the model's two-sided score, then its rarity in the series' history, on Vigil's scale. */
function calibratedScores(
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
  const history = new SurpriseHistory({
    binWidth: 1,
    maxScore: 300,
    halfLifeSamples: options.historyHalfLifeWindows,
  });
  const scores = new Float64Array(values.length);
  values.forEach((value, i) => {
    const time = times[i] as number;
    if (baseline.samples() >= options.minBaselineWindows) {
      const { mean, sd } = baseline.expected(0, time);
      // NAB's anomalies include drops (a stalled machine), so both tails count.
      const z = Math.abs(value - mean) / Math.max(sd, 1e-12);
      const model = -10 * normalUpperTailLog10(z);
      const rarity = -10 * Math.log10(history.tailProbability(model));
      scores[i] = rarity + options.modelWeight * model;
      history.observe(model);
    }
    baseline.observe(time, [value]);
  });
  return scores;
}

/** Step 3: a score survives only when it beats every score of the previous `windows` windows. */
function reportRises(scores: Float64Array, windows: number): Float64Array {
  const reported = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    let recent = 0;
    for (let k = Math.max(0, i - windows); k < i; k++)
      recent = Math.max(recent, scores[k] as number);
    if ((scores[i] as number) > recent) reported[i] = scores[i] as number;
  }
  return reported;
}

/** NAB anomaly scores in [0, 1): a Vigil score s (uncapped) as s / (s + 100), so 100 (critical) is 0.5. */
export function vigilNabScores(
  values: readonly number[],
  times: readonly number[],
  options: VigilNabOptions = NAB_OPTIONS,
): Float64Array {
  const reported = reportRises(calibratedScores(values, times, options), options.suppressWindows);
  return reported.map((s) => s / (s + 100));
}
