import { erfc } from './erfc';

/**
 * A port of NAB's windowedGaussian detector
 * (nab/detectors/gaussian/windowedGaussian_detector.py): each value is scored
 * 1 − Q(|z|) against the mean and population standard deviation of the
 * previous values, a window of up to 6400 that slides 100 rows at a time.
 */
const WINDOW_SIZE = 6400;
const STEP_SIZE = 100;

/** P(X > x) under N(mean, std), folded so that values below the mean count like those above. */
function normalProbability(x: number, mean: number, std: number): number {
  if (x < mean) return normalProbability(2 * mean - x, mean, std);
  const z = (x - mean) / std;
  return 0.5 * erfc(z / Math.SQRT2);
}

export function windowedGaussianScores(values: readonly number[]): Float64Array {
  const scores = new Float64Array(values.length);
  let window: number[] = [];
  let stepBuffer: number[] = [];
  let mean = 0;
  let std = 1;
  // While the window grows, Welford's running moments (the Python recomputes
  // numpy.mean/std over the whole window on every row: quadratic, and equal to
  // these well inside the 12 digits NAB stores); when it slides, two passes.
  let m2 = 0;
  const grow = (value: number): void => {
    const delta = value - mean;
    mean += delta / window.length;
    m2 += delta * (value - mean);
    std = Math.sqrt(m2 / window.length) || 0.000001;
  };
  const recompute = (): void => {
    mean = window.reduce((sum, v) => sum + v, 0) / window.length;
    const squares = window.reduce((sum, v) => sum + (v - mean) * (v - mean), 0);
    std = Math.sqrt(squares / window.length) || 0.000001;
  };
  values.forEach((value, i) => {
    if (window.length > 0) scores[i] = 1 - normalProbability(value, mean, std);
    if (window.length < WINDOW_SIZE) {
      window.push(value);
      grow(value);
    } else {
      stepBuffer.push(value);
      if (stepBuffer.length === STEP_SIZE) {
        window = window.slice(STEP_SIZE).concat(stepBuffer);
        stepBuffer = [];
        recompute();
      }
    }
  });
  return scores;
}
