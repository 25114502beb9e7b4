import type { AnomalyKind } from '@vigil/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './scenarios/evaluate';
import { generateScenario } from './scenarios/generate';
import { feedScenario } from './support/feed-scenario';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';
import { waitForGroupToDrain } from './support/wait-for-group';

// Several simulated days of hundreds of agents, with labelled attacks of every kind,
// late and duplicate events, token rotation and late identity events, through the real stack.
const scenario = generateScenario({
  seed: 7,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 30,
});
const CLOCK_AGENT = 'vigil-test-clock';

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
    // An event an hour after the end on every partition moves the watermark past the last windows.
    const endMs = Math.max(...scenario.audit.map((a) => Date.parse(a.event.time))) + 3_600_000;
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: [0, 1, 2].map((partition) => ({
        partition,
        key: CLOCK_AGENT,
        value: JSON.stringify({
          eventId: `clock-${partition}`,
          time: new Date(endMs).toISOString(),
          agentId: CLOCK_AGENT,
          method: 'tools/list',
          serverId: 'clock',
          outcome: 'ok',
        }),
      })),
    });
    for (const [group, topic] of [
      ['COLLECTOR_GROUP_ID', pipeline.topics.audit],
      ['ENRICHER_GROUP_ID', pipeline.topics.accepted],
      ['DETECTOR_GROUP_ID', pipeline.topics.enriched],
    ] as const) {
      expect(
        await waitForGroupToDrain(pipeline.kafka, pipeline.env[group] as string, topic),
        group,
      ).toBe(true);
    }
    const seconds = (Date.now() - started) / 1000;

    const anomalies = (
      await pipeline.rows<{
        agent_id: string;
        kind: AnomalyKind;
        event_time: string;
        evidence_event_ids: string[];
        explanation: string;
      }>('SELECT agent_id, kind, event_time, evidence_event_ids, explanation FROM {db}.anomalies')
    )
      .filter((row) => row.agent_id !== CLOCK_AGENT)
      .map((row) => ({
        agentId: row.agent_id,
        kind: row.kind,
        eventTime: `${row.event_time.replace(' ', 'T')}Z`,
        evidenceEventIds: row.evidence_event_ids,
        explanation: row.explanation,
      }));
    const evaluation = evaluate(scenario, anomalies);
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
    expect(evaluation.missed.map((a) => `${a.kind} ${a.agentId}: ${a.description}`)).toEqual([]);
    expect(evaluation.wrongKind.map((a) => `${a.kind} ${a.agentId}`)).toEqual([]);
    expect(
      evaluation.falsePositivesPer10k,
      evaluation.falsePositives
        .slice(0, 5)
        .map((a) => `${a.kind} ${a.agentId}: ${a.explanation}`)
        .join('\n'),
    ).toBeLessThanOrEqual(1);
  });
});
