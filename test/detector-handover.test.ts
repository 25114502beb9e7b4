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
  seed: 11,
  startMs: Date.UTC(2026, 2, 9),
  days: 3,
  agentsPerKind: 30,
});

// Two detector instances share the partitions; one dies while a backlog is read. The survivor gets
// its partitions only after the dead member's session expires, by when it has read far ahead in
// event time: the handed-over partitions resume behind its watermark.
describe('a detector instance killed while a backlog is read', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('handover');
    for (const name of ['collector', 'enricher', 'detector', 'detector'] as const) {
      services.push(await startService(name, pipeline.env));
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await pipeline?.close();
  });

  it('the survivor takes its partitions over and catches every attack, storing none twice', async () => {
    const group = pipeline.env.DETECTOR_GROUP_ID as string;
    expect(await waitForGroupMembers(pipeline.kafka, group, 2)).toBe(true);
    const half = Math.floor(scenario.deliveries.length / 2);
    await feedScenario(
      pipeline.producer,
      pipeline.topics,
      scenario,
      scenario.deliveries.slice(0, half),
    );
    expect(await drainPipeline(pipeline)).toBe(true);

    // Killed before the second half: its partitions pile up unread until its session expires,
    // while the survivor reads its own to the end.
    await services.pop()?.stop('SIGKILL');
    await feedScenario(
      pipeline.producer,
      pipeline.topics,
      scenario,
      scenario.deliveries.slice(half),
    );
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await waitForGroupMembers(pipeline.kafka, group, 1)).toBe(true);
    expect(await drainPipeline(pipeline)).toBe(true);

    const survivor = services.at(-1);
    const evaluation = evaluate(scenario, await storedAnomalies(pipeline));
    const metrics = await (await fetch(`http://127.0.0.1:${survivor?.port}/metrics`)).text();
    const late = metrics.split('\n').find((line) => line.startsWith('vigil_late_events_total'));
    console.log(`${formatEvaluation(evaluation)}\nsurvivor: ${late ?? 'no late events'}`);
    expect(
      await pipeline.scalar('SELECT count() - uniqExact(anomaly_id) FROM {db}.anomalies'),
    ).toBe(0);
    expect(evaluation.wrongKind).toEqual([]);
    expect(evaluation.caught).toBe(evaluation.attacks);
    expectFewFalsePositives(evaluation);
  }, 360_000);
});
