import { describe, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluate';
import { expectEveryAttackCaught, expectFewFalsePositives } from './expect-quality';
import { generateScenario } from './generate';
import { replayInPartitionBatches } from './partition-batches';

// The end-to-end scenario: 120 agents over Thursday to Saturday, read as the pipeline reads it.
const scenario = generateScenario({
  seed: 7,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 30,
});

describe('detection quality when partitions are read in batches', () => {
  const started = performance.now();
  const anomalies = replayInPartitionBatches(scenario, { batchSize: 500, seed: 7 });
  const replayMs = performance.now() - started;
  const evaluation = evaluate(scenario, anomalies);
  console.log(
    `replayed ${scenario.stats.auditEvents} audit events in per-partition batches of 500` +
      ` in ${Math.round(replayMs)} ms; ${anomalies.length} anomalies\n${formatEvaluation(evaluation)}`,
  );

  it('catches every injected attack with the right anomaly kind', () => {
    expectEveryAttackCaught(evaluation);
  });

  it('raises at most one false positive per 10,000 benign events', () => {
    expectFewFalsePositives(evaluation);
  });
});
