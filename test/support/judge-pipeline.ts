import { expect } from 'vitest';
import { evaluate, formatEvaluation } from '../scenarios/evaluate';
import { expectEveryAttackCaught, expectFewFalsePositives } from '../scenarios/expect-quality';
import type { Scenario } from '../scenarios/scenario';
import type { IsolatedPipeline } from './isolated-pipeline';
import { storedAnomalies } from './stored-anomalies';

/** The detector's late-event counter line from its /metrics. */
export async function lateEventsOf(detectorPort: number | undefined): Promise<string> {
  const metrics = await (await fetch(`http://127.0.0.1:${detectorPort}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('vigil_late_events_total'));
  return line ?? 'no late events';
}

/**
 * Scores what the pipeline stored against the scenario's labels, prints the figures, and
 * holds the full bar: every attack with the right kind, one row per anomaly id once versions
 * are collapsed (its agent and event time stay the same across versions), no version stored
 * twice, and at most one false positive per 10,000 benign events.
 */
export async function expectEveryAttackCaughtOnce(
  pipeline: IsolatedPipeline,
  scenario: Scenario,
  detectorPort: number | undefined,
): Promise<void> {
  const evaluation = evaluate(scenario, await storedAnomalies(pipeline));
  console.log(`${formatEvaluation(evaluation)}\ndetector: ${await lateEventsOf(detectorPort)}`);
  expect(
    await pipeline.scalar('SELECT count() - uniqExact(anomaly_id) FROM {db}.anomalies FINAL'),
  ).toBe(0);
  expect(
    await pipeline.scalar('SELECT count() - uniqExact(anomaly_id, version) FROM {db}.anomalies'),
  ).toBe(0);
  expectEveryAttackCaught(evaluation);
  expectFewFalsePositives(evaluation);
}
