import { expect } from 'vitest';
import type { DetectedAnomaly, Evaluation } from './evaluate';
import type { LabelledAttack } from './scenario';

const describeAttack = (attack: LabelledAttack) => `${attack.id}: ${attack.description}`;

/** Every labelled attack caught, each with its own anomaly kind. */
export function expectEveryAttackCaught(evaluation: Evaluation): void {
  expect(evaluation.missed.map(describeAttack)).toEqual([]);
  expect(evaluation.wrongKind.map(describeAttack)).toEqual([]);
  expect(evaluation.caught).toBe(evaluation.attacks);
}

/** At most one false positive per 10,000 benign events; the first few are shown on failure. */
export function expectFewFalsePositives(
  evaluation: Evaluation<DetectedAnomaly & { explanation?: string }>,
): void {
  const examples = evaluation.falsePositives
    .slice(0, 5)
    .map((a) => `${a.kind} ${a.agentId} ${a.eventTime}: ${a.explanation ?? ''}`);
  expect(evaluation.falsePositivesPer10k, examples.join('\n')).toBeLessThanOrEqual(1);
}
