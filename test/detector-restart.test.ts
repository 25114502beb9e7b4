import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './scenarios/evaluate';
import { expectFewFalsePositives } from './scenarios/expect-quality';
import { generateScenario } from './scenarios/generate';
import { sendClockEvents } from './support/clock-events';
import { drainPipeline } from './support/drain-pipeline';
import { feedScenario } from './support/feed-scenario';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';
import { storedAnomalies } from './support/stored-anomalies';
import { waitForGroupMembers } from './support/wait-for-group';

const scenario = generateScenario({
  seed: 7,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 30,
});

describe('detector killed between two halves of a stream', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('restart');
    for (const name of ['collector', 'enricher', 'detector'] as const) {
      services.push(await startService(name, { ...pipeline.env, LOG_LEVEL: 'info' }));
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await pipeline?.close();
  });

  it('restores its baselines, catches what follows, and stores no anomaly twice', async () => {
    const half = Math.floor(scenario.deliveries.length / 2);
    await feedScenario(
      pipeline.producer,
      pipeline.topics,
      scenario,
      scenario.deliveries.slice(0, half),
    );
    expect(await drainPipeline(pipeline)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await services.pop()?.stop('SIGKILL');

    const detector = await startService('detector', { ...pipeline.env, LOG_LEVEL: 'info' });
    services.push(detector);
    // Until the killed member's session expires, the new one may own only some partitions; a
    // partition handed over later would start behind the watermark (see the README).
    expect(
      await waitForGroupMembers(pipeline.kafka, pipeline.env.DETECTOR_GROUP_ID as string, 1),
    ).toBe(true);
    await feedScenario(
      pipeline.producer,
      pipeline.topics,
      scenario,
      scenario.deliveries.slice(half),
    );
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await drainPipeline(pipeline)).toBe(true);

    const restored = detector.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('agent baselines restored'))
      .map((line) => Number((JSON.parse(line) as { restored: number }).restored));
    console.log(`restored ${restored.join(', ')} agents after the restart`);
    expect(Math.max(0, ...restored)).toBeGreaterThan(0);

    const evaluation = evaluate(scenario, await storedAnomalies(pipeline));
    const metrics = await (await fetch(`http://127.0.0.1:${detector.port}/metrics`)).text();
    const late = metrics.split('\n').find((line) => line.startsWith('vigil_late_events_total'));
    console.log(`${formatEvaluation(evaluation)}\nafter the restart: ${late ?? 'no late events'}`);
    expect(
      await pipeline.scalar('SELECT count() - uniqExact(anomaly_id) FROM {db}.anomalies'),
    ).toBe(0);
    expect(evaluation.wrongKind).toEqual([]);
    expect(evaluation.caught).toBe(evaluation.attacks);
    expectFewFalsePositives(evaluation);
  }, 360_000);
});
