import type { NabCorpus, NabProfile } from './nab-corpus';
import {
  bestThreshold,
  labelRows,
  rowAtThreshold,
  scoresByThreshold,
  type LabelledRows,
  type ScoredRows,
} from './nab-sweep';

/**
 * NAB's optimize → score → normalize steps (nab/optimizer.py, nab/scorer.py,
 * nab/runner.py): one threshold per profile for the whole corpus, each file
 * scored at it, the sum normalized so that the null detector is 0 and a
 * perfect one 100.
 */

export interface ProfileResult {
  readonly profile: string;
  readonly threshold: number;
  /** Sum of the files' raw NAB scores at the threshold. */
  readonly raw: number;
  /** 0 = the null detector, 100 = every window detected at its left edge and nothing else. */
  readonly normalized: number;
  readonly tp: number;
  readonly fp: number;
  /** Windows never detected. */
  readonly missed: number;
}

/** Every row's window and sweep score, per series, with window ids unique across the corpus. */
export function labelCorpus(corpus: NabCorpus): LabelledRows[] {
  let nextWindow = 0;
  return corpus.series.map((series) => {
    const rows = labelRows(series, nextWindow);
    nextWindow += rows.windowsEntered;
    return rows;
  });
}

function rawScore(
  labelled: readonly LabelledRows[],
  scores: readonly ArrayLike<number>[],
  profile: NabProfile,
): { threshold: number; raw: number; tp: number; fp: number; missed: number } {
  const parts: ScoredRows[] = labelled.map((rows, i) => ({ rows, scores: scores[i] ?? [] }));
  const { threshold } = bestThreshold(scoresByThreshold(parts, profile.cost));
  let raw = 0;
  let tp = 0;
  let fp = 0;
  let missed = 0;
  for (const part of parts) {
    // Each file on its own at the corpus threshold, as scorer.py does.
    const row = rowAtThreshold(scoresByThreshold([part], profile.cost), threshold);
    raw += row.score;
    tp += row.tp;
    fp += row.fp;
    const windows = new Set<number>();
    const detected = new Set<number>();
    part.rows.window.forEach((w, i) => {
      if (w < 0) return;
      windows.add(w);
      if ((part.scores[i] as number) >= threshold) detected.add(w);
    });
    missed += windows.size - detected.size;
  }
  return { threshold, raw, tp, fp, missed };
}

/** Scores a detector's per-row anomaly scores (one array per corpus series, in [0, 1]) on every profile. */
export function scoreDetector(
  corpus: NabCorpus,
  scores: readonly ArrayLike<number>[],
  labelled: readonly LabelledRows[] = labelCorpus(corpus),
): ProfileResult[] {
  const nullScores = corpus.series.map((s) => new Float64Array(s.values.length).fill(0.5));
  return corpus.profiles.map((profile) => {
    const base = rawScore(labelled, nullScores, profile).raw;
    const perfect = corpus.windowCount * profile.cost.tpWeight;
    const result = rawScore(labelled, scores, profile);
    return {
      profile: profile.name,
      ...result,
      normalized: (100 * (result.raw - base)) / (perfect - base),
    };
  });
}

/**
 * A score as NAB's published results hold it: detectors' scores go through a
 * results CSV written with 12 significant digits, so 1 − 4e-13 is read back
 * as 1.0. The published windowedGaussian figures depend on this rounding.
 */
export function asStoredByNab(score: number): number {
  return Number(score.toPrecision(12));
}
