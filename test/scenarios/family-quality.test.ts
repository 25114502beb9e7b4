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
  // 5× the agent's usual for that hour, spread evenly: the best overlapping hour sees ~4.3×, judged
  // against an expectation a population surge can raise; the 1-hour ratio of 4 catches it where the
  // hour is steady (saas-support) and not where it is bursty. Ratio 3 or a floor of 50 caught no
  // more of these and raised false call_volume on every family.
  'platform-ops': ['call_volume-2-slow'],
  'holdout-apac': ['call_volume-2-slow'],
  'coding-fleet': [
    'call_volume-2-slow',
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
