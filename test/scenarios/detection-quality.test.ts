import { describe, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { expectEveryAttackCaught, expectFewFalsePositives } from './expect-quality';
import { generateScenario } from './generate';
import { replayThroughCore } from './replay';

// 160 agents over Thursday to Saturday: about 120k audit events and 28 attacks, four of each kind.
const scenario = generateScenario({
  seed: 1,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 40,
});

describe('detection quality on a labelled scenario', () => {
  const started = performance.now();
  const anomalies = replayThroughCore(scenario);
  const replayMs = performance.now() - started;
  const evaluation = evaluate(scenario, anomalies);
  console.log(
    `replayed ${scenario.stats.auditEvents} audit and ${scenario.stats.identityEvents} identity events` +
      ` in ${Math.round(replayMs)} ms; ${anomalies.length} anomalies\n${formatEvaluation(evaluation)}`,
  );

  it('catches every injected attack with the right anomaly kind', () => {
    expectEveryAttackCaught(evaluation);
  });

  it('raises at most one false positive per 10,000 benign events', () => {
    expectFewFalsePositives(evaluation);
  });
});
