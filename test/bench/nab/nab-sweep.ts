import type { CostMatrix, NabSeries } from './nab-corpus';

/**
 * A port of NAB v1.1's nab/sweeper.py: how each row of a series would count
 * if it were a detection, and the total score at every threshold.
 */

/** NAB's probationary period: 15% of a series (at most 750 rows), never scored. */
export const PROBATIONARY_PERCENT = 0.15;

/** Row outside every window (a detection there is a false positive). */
export const OUTSIDE = -1;
/** Row inside the probationary period: not scored at all. */
export const PROBATIONARY = -2;

export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(PROBATIONARY_PERCENT * rows), PROBATIONARY_PERCENT * 5000);
}

/**
 * NAB's scaled sigmoid of a position relative to a window's right edge: −1 is
 * the left edge (0.98661), 0 the right edge (0), positive values are false
 * positives that far past the window (down to −1, and −1 beyond 3).
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3.0) return -1.0;
  return 2 * (1 / (1 + Math.exp(5 * relativePosition))) - 1.0;
}

/** The best a true positive can weigh (at the window's left edge): TPs are scaled by tpWeight / this. */
export const MAX_TP = scaledSigmoid(-1.0);

/** Each row's window and its unweighted sweep score (before the profile's weights). */
export interface LabelledRows {
  readonly window: Int32Array;
  readonly unweighted: Float64Array;
  /** Windows entered in this series (their ids are firstWindowId…). */
  readonly windowsEntered: number;
}

/**
 * NAB's calcSweepScore, row by row as the Python walks it: a window is entered
 * on the row whose timestamp is its start (first occurrence, as
 * `timestamps.index`), left after the row equal to its end; rows after a
 * window are weighted by the sigmoid of their distance past it relative to the
 * window's width, rows before any window count as −1.
 */
export function labelRows(series: NabSeries, firstWindowId: number): LabelledRows {
  const ts = series.timestamps;
  const n = ts.length;
  const window = new Int32Array(n);
  const unweighted = new Float64Array(n);
  const pending = [...series.windows];
  const probation = probationaryLength(n);
  let nextId = firstWindowId;
  let current: readonly [number, number] | undefined;
  let currentId = OUTSIDE;
  let rightIndex = 0;
  let width = 0;
  let prevRightIndex: number | undefined;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const time = ts[i] as number;
    const next = pending[0];
    if (next !== undefined && time === next[0]) {
      current = pending.shift();
      currentId = nextId++;
      rightIndex = ts.indexOf(next[1]);
      width = rightIndex - ts.indexOf(next[0]) + 1;
    }
    if (current !== undefined) {
      unweighted[i] = scaledSigmoid(-(rightIndex - i + 1) / width);
    } else if (prevRightIndex === undefined) {
      unweighted[i] = -1.0;
    } else {
      unweighted[i] = scaledSigmoid(Math.abs(prevRightIndex - i) / (prevWidth - 1));
    }
    window[i] = i >= probation ? (current !== undefined ? currentId : OUTSIDE) : PROBATIONARY;
    if (current !== undefined && time === current[1]) {
      prevRightIndex = i;
      prevWidth = width;
      current = undefined;
      currentId = OUTSIDE;
    }
  }
  return { window, unweighted, windowsEntered: nextId - firstWindowId };
}

/** One row of NAB's calcScoreByThreshold: the score with every row scoring ≥ threshold a detection. */
export interface ThresholdScore {
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
}

/** Rows of one or more series with their anomaly scores, ready to sweep. */
export interface ScoredRows {
  readonly scores: ArrayLike<number>;
  readonly rows: LabelledRows;
}

/**
 * NAB's calcScoreByThreshold over any set of series: rows (probationary ones
 * dropped) sorted by anomaly score, highest first; lowering the threshold
 * past each distinct score turns those rows into detections. A window counts
 * −fnWeight until detected, then the best (earliest) of its detections; a
 * false positive adds its weighted sigmoid.
 */
export function scoresByThreshold(
  parts: readonly ScoredRows[],
  cost: CostMatrix,
): ThresholdScore[] {
  const scores: number[] = [];
  const windows: number[] = [];
  const sweep: number[] = [];
  let windowCount = 0;
  for (const { scores: s, rows } of parts) {
    for (let i = 0; i < rows.window.length; i++) {
      const w = rows.window[i] as number;
      if (w === PROBATIONARY) continue;
      const u = rows.unweighted[i] as number;
      scores.push(s[i] as number);
      windows.push(w);
      sweep.push(w === OUTSIDE ? u * cost.fpWeight : (u * cost.tpWeight) / MAX_TP);
      if (w + 1 > windowCount) windowCount = w + 1;
    }
  }
  // Stable sort, highest score first (Python's sorted(..., reverse=True) keeps ties in order).
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  const windowPart = new Float64Array(windowCount);
  const present = new Uint8Array(windowCount);
  let total = 0;
  let tn = 0;
  let fn = 0;
  for (const w of windows) {
    if (w === OUTSIDE) {
      tn++;
      continue;
    }
    fn++;
    if (present[w] === 0) {
      present[w] = 1;
      windowPart[w] = -cost.fnWeight;
      total -= cost.fnWeight;
    }
  }
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const result: ThresholdScore[] = [];
  for (const i of order) {
    const score = scores[i] as number;
    if (score !== threshold) {
      result.push({ threshold, score: total, tp, tn, fp, fn });
      threshold = score;
    }
    const w = windows[i] as number;
    const s = sweep[i] as number;
    if (w === OUTSIDE) {
      fp++;
      tn--;
      total += s;
    } else {
      tp++;
      fn--;
      const before = windowPart[w] as number;
      if (s > before) {
        windowPart[w] = s;
        total += s - before;
      }
    }
  }
  result.push({ threshold, score: total, tp, tn, fp, fn });
  return result;
}

/** NAB's optimizer: the threshold whose corpus-wide score is highest (the highest such threshold on ties). */
export function bestThreshold(rows: readonly ThresholdScore[]): ThresholdScore {
  let best = rows[0] as ThresholdScore;
  for (const row of rows) if (row.score > best.score) best = row;
  return best;
}

/**
 * NAB's scoreDataSet lookup: the row at the threshold, or when the threshold
 * is not one of the file's scores the row just above it (the same detections).
 */
export function rowAtThreshold(rows: readonly ThresholdScore[], threshold: number): ThresholdScore {
  let previous: ThresholdScore | undefined;
  for (const row of rows) {
    if (row.threshold === threshold) return row;
    if (row.threshold < threshold) return previous ?? row;
    previous = row;
  }
  return previous ?? (rows[0] as ThresholdScore);
}
