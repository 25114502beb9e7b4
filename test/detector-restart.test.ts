import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from './scenarios/generate';
import { sendClockEvents } from './support/clock-events';
import { drainPipeline } from './support/drain-pipeline';
import { feedHalfOfScenario } from './support/feed-scenario';
import { expectEveryAttackCaughtOnce } from './support/judge-pipeline';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';
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
    await feedHalfOfScenario(pipeline.producer, pipeline.topics, scenario, 'first');
    expect(await drainPipeline(pipeline)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await services.pop()?.stop('SIGKILL');

    const detector = await startService('detector', { ...pipeline.env, LOG_LEVEL: 'info' });
    services.push(detector);
    // Until the killed member's session expires, the new one may own only some partitions.
    expect(
      await waitForGroupMembers(pipeline.kafka, pipeline.env.DETECTOR_GROUP_ID as string, 1),
    ).toBe(true);
    await feedHalfOfScenario(pipeline.producer, pipeline.topics, scenario, 'second');
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await drainPipeline(pipeline)).toBe(true);

    const restored = detector.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('agent baselines restored'))
      .map((line) => Number((JSON.parse(line) as { restored: number }).restored));
    console.log(`restored ${restored.join(', ')} agents after the restart`);
    expect(Math.max(0, ...restored)).toBeGreaterThan(0);

    await expectEveryAttackCaughtOnce(pipeline, scenario, detector.port);
  }, 360_000);
});
