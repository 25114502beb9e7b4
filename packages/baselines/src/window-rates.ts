import {
  MOMENTS_STRIDE,
  decayForHalfLife,
  momentsCount,
  momentsMean,
  momentsSd,
  observeMoments,
} from './decayed-moments';
import { BaselineError } from './errors';
import type { Expectation } from './expectation';
import { RHYTHM_BUCKETS, rhythmBucket } from './rhythm-bucket';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Buckets of a baseline whose windows last a day or more: weekday and weekend (hours mean nothing). */
const DAY_BUCKETS = 2;

export interface WindowRateOptions {
  /** Distance between consecutive windows (the hop; the size for tumbling windows). */
  readonly stepMs: number;
  /** Length of each window (default stepMs): windows of a day or more keep weekday/weekend buckets. */
  readonly spanMs?: number;
  /** After this many days a sample weighs half as much. */
  readonly halfLifeDays: number;
  /** Fewer (decayed) samples than this in an hour bucket: use the overall statistics instead. */
  readonly minBucketSamples: number;
  /** Longest gap filled with zero windows, so an agent's idle periods count as zero activity. */
  readonly maxZeroFillWindows: number;
  readonly utcOffsetMinutes: number;
}

export interface WindowRateSnapshot {
  readonly lastWindowStart: number | null;
  readonly moments: number[];
  /** Observed windows not learned yet (overlapping windows): [start, ...values] each. */
  readonly pending?: number[][];
  /** Per metric, the decayed largest window learned (see Expectation.peak). */
  readonly peaks?: number[];
}

/**
 * Per-window values of a few metrics (calls, bytes, distinct users, …) for one
 * agent, learned per rhythm bucket (hour of day × weekday/weekend; for windows
 * of a day or more, weekday/weekend only) and overall, with exponential decay.
 * Windows without activity count as zeros.
 */
export class WindowRateBaseline {
  /** Moments per metric and bucket, then peaks and spreads (see peaksAt). */
  private readonly moments: Float64Array;
  private lastWindowStart: number | undefined;
  /**
   * Windows observed but not learned yet, oldest first: a window is learned
   * only once every window that overlaps it has been judged, so that an
   * hour starting at 16:20 is never compared with the hour starting at 16:00
   * of the same day, which holds 40 of its minutes (and, in an attack, the
   * attack itself). Tumbling windows are learned at once.
   */
  private pending: number[][] = [];
  /**
   * In `moments` after the moments, per metric: the largest window learned,
   * decaying like the overall statistics (at peaksAt), and relativeSpread's
   * value since the last window learned (at spreadsAt; derived, not saved).
   * One typed array, not three: each costs two objects on the heap, for every agent and scale.
   */
  private readonly peaksAt: number;
  private readonly spreadsAt: number;
  private spreadsFresh = false;
  private readonly bucketDecay: number;
  private readonly overallDecay: number;
  /** Day-long (or longer) windows keep two buckets, weekday and weekend, not 48. */
  private readonly daily: boolean;
  /** Rhythm buckets, then the overall (all hours) statistics. */
  private readonly overall: number;
  /** Independent windows per sample: overlapping windows (a new hour every 20 minutes) share most of their events. */
  private readonly independence: number;

  constructor(
    readonly metrics: number,
    readonly options: WindowRateOptions,
  ) {
    if (!(options.stepMs > 0) || !(options.halfLifeDays > 0) || !(metrics > 0)) {
      throw new BaselineError(
        'VIGIL_BASELINE_BAD_OPTIONS',
        'rate baselines need stepMs > 0, halfLifeDays > 0, metrics > 0',
      );
    }
    this.daily = (options.spanMs ?? options.stepMs) >= DAY_MS;
    this.overall = this.daily ? DAY_BUCKETS : RHYTHM_BUCKETS;
    this.independence = Math.min(1, options.stepMs / (options.spanMs ?? options.stepMs));
    this.peaksAt = metrics * (this.overall + 1) * MOMENTS_STRIDE;
    this.spreadsAt = this.peaksAt + metrics;
    this.moments = new Float64Array(this.spreadsAt + metrics);
    // A bucket receives (DAY or HOUR)/stepMs samples per day of its kind, and at least one, so
    // that every step's buckets forget over the same number of days.
    this.bucketDecay = decayForHalfLife(
      options.halfLifeDays * Math.max(1, (this.daily ? DAY_MS : HOUR_MS) / options.stepMs),
    );
    this.overallDecay = decayForHalfLife((options.halfLifeDays * DAY_MS) / options.stepMs);
  }

  /** Windows observed, in effective (decayed) samples, counting those not learned yet. */
  samples(): number {
    return momentsCount(this.moments, this.overall * MOMENTS_STRIDE) + this.pending.length;
  }

  /** Start of the latest window observed (learned or pending), if any. */
  lastStart(): number | undefined {
    return this.lastWindowStart;
  }

  /** Learns one closed window; first fills the windows since the previous one with zeros. */
  observe(windowStart: number, values: ArrayLike<number>): void {
    const { stepMs, maxZeroFillWindows } = this.options;
    if (this.lastWindowStart !== undefined && windowStart > this.lastWindowStart + stepMs) {
      const firstGap = Math.max(
        this.lastWindowStart + stepMs,
        windowStart - maxZeroFillWindows * stepMs,
      );
      for (let start = firstGap; start < windowStart; start += stepMs) this.pending.push([start]);
    }
    const window = [windowStart];
    for (let metric = 0; metric < values.length; metric++) window.push(values[metric] as number);
    this.pending.push(window);
    if (this.lastWindowStart === undefined || windowStart > this.lastWindowStart)
      this.lastWindowStart = windowStart;
    // The next window starts a step later: whatever ends by then overlaps nothing left to judge.
    const nextStart = windowStart + stepMs;
    const spanMs = this.options.spanMs ?? stepMs;
    while (this.pending.length > 0 && (this.pending[0]?.[0] as number) + spanMs <= nextStart) {
      const window = this.pending.shift() as number[];
      this.learn(window);
    }
  }

  /**
   * The expectation for `metric` in the window starting at `windowStart`: its
   * hour of the week; while that has too few samples, the same hour on the
   * other kind of day (the hour of day is the stronger rhythm: a nightly job's
   * first weekend night looks like its weeknights, not like the whole day);
   * else all hours.
   */
  expected(metric: number, windowStart: number): Expectation {
    const base = metric * (this.overall + 1) * MOMENTS_STRIDE;
    const bucket = this.bucket(windowStart);
    let at = base + bucket * MOMENTS_STRIDE;
    let source: Expectation['source'] = 'hour';
    if (momentsCount(this.moments, at) < this.options.minBucketSamples) {
      const other = base + (this.daily ? 1 - bucket : (bucket + 24) % 48) * MOMENTS_STRIDE;
      const enough = momentsCount(this.moments, other) >= this.options.minBucketSamples;
      at = enough ? other : base + this.overall * MOMENTS_STRIDE;
      source = enough ? 'other-days' : 'overall';
    }
    const mean = momentsMean(this.moments, at);
    const samples = momentsCount(this.moments, at);
    return {
      mean,
      sd: predictiveSd(
        momentsSd(this.moments, at),
        samples * this.independence,
        mean * this.relativeSpread(metric),
      ),
      samples,
      source,
      peak: this.moments[this.peaksAt + metric] ?? 0,
    };
  }

  /**
   * How much one metric varies within a bucket relative to its mean, pooled
   * over the agent's buckets (weighted by their samples): its usual
   * burstiness at any hour, which is what a thin bucket borrows. Not the
   * overall spread, which mixes the day's rhythm into it. Computed once per
   * learned window, not per judgement (early firing judges often).
   */
  private relativeSpread(metric: number): number {
    if (!this.spreadsFresh) {
      for (let m = 0; m < this.metrics; m++) {
        const base = m * (this.overall + 1) * MOMENTS_STRIDE;
        let weight = 0;
        let sum = 0;
        for (let bucket = 0; bucket < this.overall; bucket++) {
          const at = base + bucket * MOMENTS_STRIDE;
          const count = momentsCount(this.moments, at);
          const mean = momentsMean(this.moments, at);
          if (!(count > 0) || !(mean > 0)) continue;
          const cv = momentsSd(this.moments, at) / mean;
          weight += count;
          sum += count * cv * cv;
        }
        this.moments[this.spreadsAt + m] = weight > 0 ? Math.sqrt(sum / weight) : 0;
      }
      this.spreadsFresh = true;
    }
    return this.moments[this.spreadsAt + metric] ?? 0;
  }

  toJSON(): WindowRateSnapshot {
    return {
      lastWindowStart: this.lastWindowStart ?? null,
      moments: Array.from(this.moments.subarray(0, this.peaksAt)),
      pending: this.pending.map((window) => [...window]),
      peaks: Array.from(this.moments.subarray(this.peaksAt, this.spreadsAt)),
    };
  }

  /** Restores the state written by `toJSON`. */
  restore(snapshot: WindowRateSnapshot): void {
    if (!Array.isArray(snapshot?.moments) || snapshot.moments.length !== this.peaksAt) {
      throw new BaselineError(
        'VIGIL_BASELINE_BAD_SNAPSHOT',
        'rate baseline snapshot has the wrong shape',
      );
    }
    this.moments.set(snapshot.moments);
    this.lastWindowStart = snapshot.lastWindowStart ?? undefined;
    this.pending = (snapshot.pending ?? []).map((window) => [...window]);
    this.spreadsFresh = false;
    this.moments.fill(0, this.peaksAt, this.spreadsAt);
    if (snapshot.peaks?.length === this.metrics) this.moments.set(snapshot.peaks, this.peaksAt);
  }

  private bucket(windowStart: number): number {
    const bucket = rhythmBucket(windowStart, this.options.utcOffsetMinutes);
    return this.daily ? (bucket >= 24 ? 1 : 0) : bucket;
  }

  /** Learns a pending window: its start, then its values (none: a zero-filled gap). */
  private learn(window: readonly number[]): void {
    this.spreadsFresh = false;
    const bucket = this.bucket(window[0] as number);
    const overall = this.overall;
    for (let metric = 0; metric < this.metrics; metric++) {
      const value = window[metric + 1] ?? 0;
      const base = metric * (overall + 1) * MOMENTS_STRIDE;
      observeMoments(this.moments, base + bucket * MOMENTS_STRIDE, value, this.bucketDecay);
      observeMoments(this.moments, base + overall * MOMENTS_STRIDE, value, this.overallDecay);
      const peak = this.peaksAt + metric;
      this.moments[peak] = Math.max((this.moments[peak] ?? 0) * this.overallDecay, value);
    }
  }
}

/**
 * The spread to judge the next window by, not the spread of the windows seen:
 * a bucket that holds a day or two of an hour has seen too little to know how
 * much that hour varies, and its mean is itself uncertain. Its variance is
 * shrunk towards `prior` (the agent's usual relative spread at this bucket's
 * mean) with the weight of `PRIOR_SAMPLES` windows, then widened by the
 * uncertainty of the mean (the predictive spread of a normal sample,
 * sd·√(1 + 1/n)). With weeks of history both corrections fade.
 */
function predictiveSd(sd: number, independentSamples: number, prior: number): number {
  const n = independentSamples;
  if (!(n > 0)) return sd;
  const variance = (n * sd * sd + PRIOR_SAMPLES * prior * prior) / (n + PRIOR_SAMPLES);
  return Math.sqrt(variance * (1 + 1 / Math.max(n, 1)));
}

const PRIOR_SAMPLES = 1;
