import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { expectFewFalsePositives } from './expect-quality';
import { FAMILIES, generateFamily } from './families';
import { replayThroughCore } from './replay';

/**
 * The quality bar on every fleet family, the holdout included: every attack caught with its own kind
 * (slow variants too), at most one false positive per 10,000 benign
 * events, and one anomaly per cause. The holdout is here to be measured, not tuned on: when it
 * fails, fix the general rule, not the family.
 */
describe('detection quality on every fleet family', () => {
  for (const family of FAMILIES) {
    describe(`${family.name}${family.holdout ? ' (holdout)' : ''}`, { timeout: 120_000 }, () => {
      const scenario = generateFamily(family);
      const evaluation = evaluate(scenario, replayThroughCore(scenario));
      console.log(`${family.name}\n${formatEvaluation(evaluation)}`);

      it('catches every injected attack with the right anomaly kind', () => {
        const unexpected = [...evaluation.missed, ...evaluation.wrongKind];
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
