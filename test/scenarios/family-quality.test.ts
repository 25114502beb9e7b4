import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { expectFewFalsePositives } from './expect-quality';
import { FAMILIES, generateFamily } from './families';
import { replayThroughCore } from './replay';

/**
 * Attacks the engine does not catch yet, by family, each with why: the bar below holds everything
 * else, and an attack caught that is listed here is no failure. Remove a line when it is caught.
 */
const KNOWN_MISSES: Readonly<Record<string, readonly string[]>> = {
  'coding-fleet': [
    // A low-traffic CI runner's first step to `ci://acme/secrets`, where repository names go:
    // its habit there rests on a few dozen calls, so the step scores ~26, under minScore.
    'new_resource-3-new-branch',
  ],
};

/**
 * The quality bar on every fleet family, the holdout included: every attack caught with its own kind
 * (slow variants too) but the known misses above, at most one false positive per 10,000 benign
 * events, and one anomaly per cause. The holdout is here to be measured, not tuned on: when it
 * fails, fix the general rule, not the family.
 */
describe('detection quality on every fleet family', () => {
  for (const family of FAMILIES) {
    describe(`${family.name}${family.holdout ? ' (holdout)' : ''}`, { timeout: 120_000 }, () => {
      const scenario = generateFamily(family);
      const evaluation = evaluate(scenario, replayThroughCore(scenario));
      console.log(`${family.name}\n${formatEvaluation(evaluation)}`);
      const known = new Set(KNOWN_MISSES[family.name] ?? []);

      it('catches every injected attack with the right anomaly kind', () => {
        const unexpected = [...evaluation.missed, ...evaluation.wrongKind].filter(
          (attack) => !known.has(attack.id),
        );
        expect(unexpected.map((attack) => `${attack.id}: ${attack.description}`)).toEqual([]);
      });

      it('raises at most one false positive per 10,000 benign events', () => {
        expectFewFalsePositives(evaluation);
      });

      it('raises one anomaly per cause (a changed tool is one anomaly, not one per caller)', () => {
        const worst = evaluation.rowsPerCause.filter(({ rows }) => rows > 1);
        expect(worst.map(({ attack, rows }) => `${attack.id}: ${rows} rows`)).toEqual([]);
      });
    });
  }
});
