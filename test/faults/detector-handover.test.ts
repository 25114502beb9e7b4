import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../scenarios/generate';
import { sendClockEvents } from '../support/clock-events';
import { drainPipeline } from '../support/drain-pipeline';
import { feedHalfOfScenario } from '../support/feed-scenario';
import { expectEveryAttackCaughtOnce } from '../support/judge-pipeline';
import { createIsolatedPipeline, type IsolatedPipeline } from '../support/isolated-pipeline';
import { startService, type ServiceProcess } from '../support/service-process';
import { waitForGroupMembers } from '../support/wait-for-group';

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
    await feedHalfOfScenario(pipeline.producer, pipeline.topics, scenario, 'first');
    expect(await drainPipeline(pipeline)).toBe(true);

    // Killed before the second half: its partitions pile up unread until its session expires,
    // while the survivor reads its own to the end.
    await services.pop()?.stop('SIGKILL');
    await feedHalfOfScenario(pipeline.producer, pipeline.topics, scenario, 'second');
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await waitForGroupMembers(pipeline.kafka, group, 1)).toBe(true);
    expect(await drainPipeline(pipeline)).toBe(true);

    await expectEveryAttackCaughtOnce(pipeline, scenario, services.at(-1)?.port);
  }, 360_000);
});
