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
}

/**
 * Per-window values of a few metrics (calls, bytes, distinct users, …) for one
 * agent, learned per rhythm bucket (hour of day × weekday/weekend; for windows
 * of a day or more, weekday/weekend only) and overall, with exponential decay.
 * Windows without activity count as zeros.
 */
export class WindowRateBaseline {
  private readonly moments: Float64Array;
  private lastWindowStart: number | undefined;
  private readonly bucketDecay: number;
  private readonly overallDecay: number;
  /** Day-long (or longer) windows keep two buckets, weekday and weekend, not 48. */
  private readonly daily: boolean;
  /** Rhythm buckets, then the overall (all hours) statistics. */
  private readonly overall: number;

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
    this.moments = new Float64Array(metrics * (this.overall + 1) * MOMENTS_STRIDE);
    // A bucket receives (DAY or HOUR)/stepMs samples per day of its kind, and at least one, so
    // that every step's buckets forget over the same number of days.
    this.bucketDecay = decayForHalfLife(
      options.halfLifeDays * Math.max(1, (this.daily ? DAY_MS : HOUR_MS) / options.stepMs),
    );
    this.overallDecay = decayForHalfLife((options.halfLifeDays * DAY_MS) / options.stepMs);
  }

  /** Windows observed, in effective (decayed) samples. */
  samples(): number {
    return momentsCount(this.moments, this.overall * MOMENTS_STRIDE);
  }

  /** Start of the latest window learned, if any. */
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
      for (let start = firstGap; start < windowStart; start += stepMs) this.learn(start, undefined);
    }
    this.learn(windowStart, values);
    if (this.lastWindowStart === undefined || windowStart > this.lastWindowStart)
      this.lastWindowStart = windowStart;
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
    return {
      mean: momentsMean(this.moments, at),
      sd: momentsSd(this.moments, at),
      samples: momentsCount(this.moments, at),
      source,
    };
  }

  toJSON(): WindowRateSnapshot {
    return { lastWindowStart: this.lastWindowStart ?? null, moments: Array.from(this.moments) };
  }

  /** Restores the state written by `toJSON`. */
  restore(snapshot: WindowRateSnapshot): void {
    if (!Array.isArray(snapshot?.moments) || snapshot.moments.length !== this.moments.length) {
      throw new BaselineError(
        'VIGIL_BASELINE_BAD_SNAPSHOT',
        'rate baseline snapshot has the wrong shape',
      );
    }
    this.moments.set(snapshot.moments);
    this.lastWindowStart = snapshot.lastWindowStart ?? undefined;
  }

  private bucket(windowStart: number): number {
    const bucket = rhythmBucket(windowStart, this.options.utcOffsetMinutes);
    return this.daily ? (bucket >= 24 ? 1 : 0) : bucket;
  }

  private learn(windowStart: number, values: ArrayLike<number> | undefined): void {
    const bucket = this.bucket(windowStart);
    const overall = this.overall;
    for (let metric = 0; metric < this.metrics; metric++) {
      const value = values === undefined ? 0 : (values[metric] ?? 0);
      const base = metric * (overall + 1) * MOMENTS_STRIDE;
      observeMoments(this.moments, base + bucket * MOMENTS_STRIDE, value, this.bucketDecay);
      observeMoments(this.moments, base + overall * MOMENTS_STRIDE, value, this.overallDecay);
    }
  }
}
