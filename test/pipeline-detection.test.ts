import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './scenarios/evaluate';
import { expectFewFalsePositives } from './scenarios/expect-quality';
import { generateScenario } from './scenarios/generate';
import { feedScenario } from './support/feed-scenario';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';
import { sendClockEvents } from './support/clock-events';
import { drainPipeline } from './support/drain-pipeline';
import { storedAnomalies } from './support/stored-anomalies';

// Several simulated days of hundreds of agents, with labelled attacks of every kind,
// late and duplicate events, token rotation and late identity events, through the real stack.
const scenario = generateScenario({
  seed: 7,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 30,
});

describe('the whole pipeline on a labelled scenario', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('e2e');
    for (const name of ['collector', 'enricher', 'detector'] as const) {
      services.push(await startService(name, pipeline.env));
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await pipeline?.close();
  });

  it('catches every attack with the right kind and stays quiet on normal traffic', async () => {
    const started = Date.now();
    await feedScenario(pipeline.producer, pipeline.topics, scenario);
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await drainPipeline(pipeline)).toBe(true);
    const seconds = (Date.now() - started) / 1000;

    const anomalies = await storedAnomalies(pipeline);
    const evaluation = evaluate(scenario, anomalies);
    const metrics = await (await fetch(`http://127.0.0.1:${services[2]?.port}/metrics`)).text();
    const late = metrics.split('\n').find((line) => line.startsWith('vigil_late_events_total'));
    const held = await pipeline.scalar(
      `SELECT countIf(token_status = 'unknown') FROM {db}.audit_enrichments`,
    );
    console.log(
      `detector: ${late ?? 'no late events'}; events judged with an unknown token: ${held}`,
    );
    console.log(
      `end to end: ${scenario.stats.auditEvents} audit and ${scenario.stats.identityEvents} identity events in ${seconds.toFixed(1)} s\n` +
        formatEvaluation(evaluation),
    );

    expect(await pipeline.scalar('SELECT count() FROM {db}.audit_events')).toBe(
      scenario.stats.auditEvents + 3,
    );
    expect(
      await pipeline.scalar("SELECT count() FROM {db}.audit_events WHERE token_status = 'pending'"),
    ).toBe(0);
    expect(evaluation.wrongKind).toEqual([]);
    expect(evaluation.caught).toBe(evaluation.attacks);
    expectFewFalsePositives(evaluation);
  }, 360_000);
});
