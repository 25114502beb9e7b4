import { advanceIncidents, IncidentOptions } from '@vigil/incidents';
import { describe, expect, it } from 'vitest';
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

  it('groups the anomalies into one incident per attacked agent and none for a benign agent', () => {
    const inputs = anomalies.map((a) => ({
      type: 'anomaly' as const,
      anomaly: { ...a, detectedAt: a.eventTime },
    }));
    const { versions } = advanceIncidents([], inputs, IncidentOptions.parse({}));
    const incidentsOf = new Map<string, Set<string>>();
    for (const v of versions) {
      incidentsOf.set(v.agentId, (incidentsOf.get(v.agentId) ?? new Set()).add(v.incidentId));
    }
    const attacked = [...new Set(scenario.attacks.map((a) => a.agentId))].sort();
    expect([...incidentsOf.keys()].sort()).toEqual(attacked);
    expect([...incidentsOf.values()].map((ids) => ids.size)).toEqual(attacked.map(() => 1));
  });
});
