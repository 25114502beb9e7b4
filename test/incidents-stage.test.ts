import type { Anomaly, IncidentAction, IsolationAlert } from '@vigil/contracts';
import { clickHouseReader, listIncidents } from '@vigil/queries';
import { makeAlert } from '@vigil/response/testing/alert';
import { at, makeAnomaly } from '@vigil/response/testing/anomaly';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { readTopic } from './support/read-topic';
import { startService, type ServiceProcess } from './support/service-process';
import { waitForGroupToDrain } from './support/wait-for-group';

const HOUR = 3600;

describe('the incidents stage on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let stage: ServiceProcess | undefined;
  const incidents = () => listIncidents(clickHouseReader(pipeline.clickhouse), pipeline.database);
  const send = (topic: string, messages: Array<Anomaly | IsolationAlert | IncidentAction>) =>
    pipeline.producer.send({
      topic,
      messages: messages.map((m) => ({ key: m.agentId, value: JSON.stringify(m) })),
    });

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('incidents');
    stage = await startService('incidents', pipeline.env);
  });

  afterAll(async () => {
    await stage?.stop();
    await pipeline?.close();
  });

  it("groups an agent's anomalies, marks its isolation and applies an acknowledgement", async () => {
    const anomaly = (id: string, agentId: string, seconds: number, score = 70) =>
      makeAnomaly({
        anomalyId: id,
        agentId,
        eventTime: at(seconds),
        detectedAt: at(seconds + 2),
        score,
      });
    await send(pipeline.topics.anomalies, [
      anomaly('a1', 'agent-a', 0),
      anomaly('a2', 'agent-a', HOUR, 96),
      anomaly('b1', 'agent-b', 60),
      anomaly('a3', 'agent-a', 5 * HOUR),
    ]);
    const alert = makeAlert({
      agentId: 'agent-a',
      createdAt: at(HOUR + 3),
      anomalies: [{ ...makeAlert().anomalies[0]!, anomalyId: 'a2' }],
    });
    await send(pipeline.topics.isolations, [alert]);
    expect(
      await eventually(async () => (await incidents()).some((i) => i.isolation === 'isolated')),
    ).toBe(true);

    const list = await incidents();
    expect(list.map((i) => [i.agentId, i.anomalyIds, i.status, i.isolation])).toEqual([
      ['agent-a', ['a3'], 'open', 'none'],
      ['agent-a', ['a1', 'a2'], 'open', 'isolated'],
      ['agent-b', ['b1'], 'open', 'none'],
    ]);
    const attacked = list[1]!;
    expect(attacked).toMatchObject({ maxScore: 96, version: 3 });

    await send(pipeline.topics.incidentActions, [
      {
        actionId: 'ack-1',
        incidentId: attacked.incidentId,
        agentId: 'agent-a',
        action: 'acknowledge',
        by: 'ana',
        at: new Date().toISOString(),
        note: 'exfiltration, looking',
      },
    ]);
    const acknowledged = async () =>
      (await incidents()).find((i) => i.incidentId === attacked.incidentId)?.status ===
      'acknowledged';
    expect(await eventually(acknowledged)).toBe(true);
    expect(
      await pipeline.scalar(
        `SELECT count() FROM {db}.incidents WHERE incident_id = '${attacked.incidentId}' AND change = 'acknowledged' AND changed_by = 'ana'`,
      ),
    ).toBe(1);

    // Every version is published on the incidents topic, keyed by agent.
    const published = await readTopic(pipeline.kafka, pipeline.topics.incidents, 6, 20_000);
    expect(published.map((m) => m.key?.toString()).sort()).toEqual([
      ...Array(5).fill('agent-a'),
      'agent-b',
    ]);
  });

  it('replaying every input from the start writes no version twice', async () => {
    const rows = await pipeline.scalar('SELECT count() FROM {db}.incidents');
    await stage?.stop();
    stage = await startService('incidents', {
      ...pipeline.env,
      INCIDENTS_GROUP_ID: `${pipeline.id}.replay`,
    });
    // The new group reads every input again, from the start of each topic.
    const group = `${pipeline.id}.replay`;
    for (const topic of ['anomalies', 'isolations', 'incidentActions'] as const) {
      expect(await waitForGroupToDrain(pipeline.kafka, group, pipeline.topics[topic])).toBe(true);
    }
    expect(await pipeline.scalar('SELECT count() FROM {db}.incidents')).toBe(rows);
    expect(
      await pipeline.scalar('SELECT count() - uniqExact(incident_id, version) FROM {db}.incidents'),
    ).toBe(0);
  });
});
