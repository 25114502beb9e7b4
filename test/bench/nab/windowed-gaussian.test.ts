import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erfc } from './erfc';
import { isNabDirectory, loadNabCorpus, nabDirectory } from './nab-corpus';
import { asStoredByNab, scoreDetector } from './nab-scorer';
import { windowedGaussianScores } from './windowed-gaussian';

const dir = nabDirectory(resolve(import.meta.dirname, '..', '..', '..'));

describe('windowed Gaussian (nab/detectors/gaussian)', () => {
  it('erfc agrees with Python math.erfc far into the tail', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15);
    expect(erfc(6) / 2.1519736712498916e-17).toBeCloseTo(1, 12);
    expect(erfc(10) / 2.088487583762545e-45).toBeCloseTo(1, 12);
  });

  it('scores a value by its folded tail against the values before it', () => {
    const scores = windowedGaussianScores([1, 3, 1, 3, 2, 10, -6]);
    expect(scores[0]).toBe(0); // nothing to compare with yet
    expect(scores[4]).toBe(0.5); // exactly the mean of 1, 3, 1, 3: half the mass beyond
    expect(scores[5]).toBe(1); // 8 standard deviations above
    expect(scores[6] as number).toBeGreaterThan(0.99);
  });

  it.skipIf(!isNabDirectory(dir))(
    'reproduces its published NAB scores (39.6 / 20.9 / 47.4)',
    () => {
      const corpus = loadNabCorpus(dir);
      const scores = corpus.series.map((s) =>
        Array.from(windowedGaussianScores(s.values), asStoredByNab),
      );
      const results = scoreDetector(corpus, scores);
      const byProfile = Object.fromEntries(results.map((r) => [r.profile, r.normalized]));
      expect(byProfile.standard).toBeCloseTo(39.6495, 3);
      expect(byProfile.reward_low_FP_rate).toBeCloseTo(20.868, 3);
      expect(byProfile.reward_low_FN_rate).toBeCloseTo(47.41, 2);
    },
    60_000,
  );
});
