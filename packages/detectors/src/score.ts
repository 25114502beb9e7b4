import type { Severity } from '@vigil/contracts';

const LN10 = Math.LN10;

/**
 * The one score every kind uses: 10 · −log10(p) of the tail probability p of
 * what was observed, clamped to 0–100, so a score of 60 means "one in a
 * million" whatever the kind. Takes log10(p) so that p can be far below what
 * a double holds (a 400-call burst is astronomically unlikely).
 */
export function scoreFromLog10P(log10P: number): number {
  if (!(log10P < 0)) return 0;
  const score = -10 * log10P;
  return score >= 100 ? 100 : Math.round(score * 10) / 10;
}

export function scoreFromProbability(p: number): number {
  return scoreFromLog10P(Math.log10(p));
}

/** The one severity mapping: ≥ 90 critical, ≥ 70 high, ≥ 50 medium, else low. */
export function severityFromScore(score: number): Severity {
  if (score >= 90) return 'critical';
  if (score >= 70) return 'high';
  if (score >= 50) return 'medium';
  return 'low';
}

/**
 * log10 of the upper tail P(Z > z) of a standard normal, accurate in the far
 * tail: the complementary error function as exp(−x² + polynomial) (Numerical
 * Recipes' erfcc, relative error < 1.2e-7), kept in log form so it never
 * underflows.
 */
export function normalUpperTailLog10(z: number): number {
  if (z < 0) return Math.log10(1 - Math.exp(normalUpperTailLog10(-z) * LN10));
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const lnErfc = Math.log(t) - x * x + poly;
  return (lnErfc + Math.log(0.5)) / LN10;
}
