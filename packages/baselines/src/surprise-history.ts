import { decayForHalfLife } from './decayed-moments';
import { BaselineError } from './errors';

export interface SurpriseHistoryOptions {
  /** Width of one histogram bin, in score points (Vigil's 0–100 scale, 10 · −log10 p). */
  readonly binWidth: number;
  /** Scores at or above this share the last bin. */
  readonly maxScore: number;
  /** A past score weighs half after this many later ones (Infinity: never forgets). */
  readonly halfLifeSamples: number;
}

export interface SurpriseHistorySnapshot {
  readonly counts: number[];
  readonly total: number;
}

/**
 * How often a series has been at least this surprising before: a decayed
 * histogram of its past scores, giving the conformal p-value
 * (past scores ≥ s + 1) / (past scores + 1). A model's tail probability
 * assumes its distribution is right; this asks the series' own history. For
 * a bursty agent whose call counts reach z = 6 every week, z = 6 is routine;
 * for a steady one it is unprecedented. Under exchangeability the p-value is
 * uniform whatever the model got wrong, so it is comparable across series.
 */
export class SurpriseHistory {
  private readonly counts: Float64Array;
  private total = 0;
  /**
   * Weight of the next sample in stored units: it grows by 1/decay per
   * sample instead of every bin shrinking by decay (one add per sample, not
   * one multiply per bin); stored counts are rescaled before it overflows.
   */
  private weight = 1;
  private readonly decay: number;

  constructor(private readonly options: SurpriseHistoryOptions) {
    if (!(options.binWidth > 0) || !(options.maxScore > options.binWidth)) {
      throw new BaselineError(
        'VIGIL_BASELINE_BAD_OPTIONS',
        'surprise history needs binWidth > 0 and maxScore > binWidth',
      );
    }
    this.counts = new Float64Array(Math.ceil(options.maxScore / options.binWidth) + 1);
    this.decay = Number.isFinite(options.halfLifeSamples)
      ? decayForHalfLife(options.halfLifeSamples)
      : 1;
  }

  /** Past scores, in effective (decayed) samples. */
  samples(): number {
    return this.total / this.weight;
  }

  /** (past scores in the same bin or above + 1) / (past scores + 1): never 0, 1 for a score of 0. */
  tailProbability(score: number): number {
    let atLeast = 0;
    for (let bin = this.bin(score); bin < this.counts.length; bin++) {
      atLeast += this.counts[bin] as number;
    }
    return Math.min(1, (atLeast / this.weight + 1) / (this.total / this.weight + 1));
  }

  observe(score: number): void {
    this.weight /= this.decay;
    if (this.weight > 1e200) this.rescale();
    const bin = this.bin(score);
    this.counts[bin] = (this.counts[bin] as number) + this.weight;
    this.total += this.weight;
  }

  /** Counts in effective samples (as if every bin had decayed in place). */
  toJSON(): SurpriseHistorySnapshot {
    return {
      counts: Array.from(this.counts, (count) => count / this.weight),
      total: this.total / this.weight,
    };
  }

  restore(snapshot: SurpriseHistorySnapshot): void {
    if (!Array.isArray(snapshot?.counts) || snapshot.counts.length !== this.counts.length) {
      throw new BaselineError(
        'VIGIL_BASELINE_BAD_SNAPSHOT',
        'surprise history snapshot has the wrong shape',
      );
    }
    this.counts.set(snapshot.counts);
    this.total = snapshot.total;
    this.weight = 1;
  }

  private rescale(): void {
    for (let bin = 0; bin < this.counts.length; bin++) {
      this.counts[bin] = (this.counts[bin] as number) / this.weight;
    }
    this.total /= this.weight;
    this.weight = 1;
  }

  private bin(score: number): number {
    const bin = Math.floor(Math.max(0, score) / this.options.binWidth);
    return Math.min(bin, this.counts.length - 1);
  }
}
