import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { generateScenario } from './generate';
import { replayThroughCore } from './replay';
import type { LabelledAttack } from './scenario';

// 160 agents over Thursday to Saturday: about 120k audit events and 28 attacks, four of each kind.
const scenario = generateScenario({
  seed: 1,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 40,
});

const describeAttack = (attack: LabelledAttack) => `${attack.id}: ${attack.description}`;

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
    expect(evaluation.missed.map(describeAttack)).toEqual([]);
    expect(evaluation.wrongKind.map(describeAttack)).toEqual([]);
    expect(evaluation.caught).toBe(evaluation.attacks);
  });

  it('raises at most one false positive per 10,000 benign events', () => {
    const examples = evaluation.falsePositives
      .slice(0, 5)
      .map((a) => `${a.kind} ${a.agentId} ${a.eventTime}: ${a.explanation}`);
    expect(evaluation.falsePositivesPer10k, examples.join('\n')).toBeLessThanOrEqual(1);
  });
});
