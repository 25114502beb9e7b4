import { describe, expect, it } from 'vitest';
import type { NabCorpus, NabSeries } from './nab-corpus';
import { scoreDetector } from './nab-scorer';
import {
  OUTSIDE,
  PROBATIONARY,
  bestThreshold,
  labelRows,
  probationaryLength,
  rowAtThreshold,
  scoresByThreshold,
} from './nab-sweep';

const MINUTE = 60_000;
const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

/** 20 rows a minute apart, one window over rows 10–13 (width 4); probation is floor(0.15·20) = 3 rows. */
const times = Array.from({ length: 20 }, (_, i) => i * MINUTE);
const series: NabSeries = {
  name: 'tiny.csv',
  timestamps: times,
  values: times.map(() => 0),
  windows: [[10 * MINUTE, 13 * MINUTE]],
};

function scoresAt(rows: Record<number, number>): number[] {
  return times.map((_, i) => rows[i] ?? 0);
}

describe('NAB sweep (nab/sweeper.py)', () => {
  it('labels probation, window and outside rows', () => {
    const rows = labelRows(series, 0);
    expect(probationaryLength(20)).toBe(3);
    expect(probationaryLength(100_000)).toBe(750);
    expect(Array.from(rows.window.slice(0, 4))).toEqual([
      PROBATIONARY,
      PROBATIONARY,
      PROBATIONARY,
      OUTSIDE,
    ]);
    expect(Array.from(rows.window.slice(10, 15))).toEqual([0, 0, 0, 0, OUTSIDE]);
    // Before any window a false positive counts fully (−1).
    expect(rows.unweighted[5]).toBe(-1);
  });

  it('scores a detection in the window and a false positive after it, by hand', () => {
    // Row 11: position −(13 − 11 + 1)/4 = −0.75, 2·sigmoid(3.75) − 1 = 0.95405, over the best 0.98661.
    // Row 16: 3 rows past a width-4 window, (16 − 13)/(4 − 1) = 1 → 2·sigmoid(−5) − 1 = −0.98661, times 0.11.
    const rows = labelRows(series, 0);
    const sweep = scoresByThreshold([{ rows, scores: scoresAt({ 11: 0.9, 16: 0.8 }) }], standard);
    expect(rowAtThreshold(sweep, 0.9).score).toBeCloseTo(0.96698909, 7);
    expect(rowAtThreshold(sweep, 0.8).score).toBeCloseTo(0.96698909 - 0.10852757, 7);
    expect(rowAtThreshold(sweep, 0.85).score).toBeCloseTo(0.96698909, 7);
    // Only the first detection in a window counts; nothing detected: −fnWeight.
    expect(sweep[0]).toMatchObject({ threshold: 1.1, score: -1, tp: 0, fp: 0 });
    expect(bestThreshold(sweep).threshold).toBe(0.9);
  });

  it('ignores detections in the probationary period', () => {
    const rows = labelRows(series, 0);
    const sweep = scoresByThreshold([{ rows, scores: scoresAt({ 1: 1 }) }], standard);
    expect(rowAtThreshold(sweep, 1)).toMatchObject({ score: -1, tp: 0, fp: 0 });
  });

  it('normalizes with the null detector at 0 and a left-edge detection at 100', () => {
    const corpus: NabCorpus = {
      dir: '',
      series: [series],
      profiles: [{ name: 'standard', cost: standard }],
      windowCount: 1,
    };
    const [perfect] = scoreDetector(corpus, [scoresAt({ 10: 1 })]);
    expect(perfect?.normalized).toBeCloseTo(100, 9);
    const [none] = scoreDetector(corpus, [scoresAt({})]);
    expect(none?.normalized).toBeCloseTo(0, 9);
  });
});
