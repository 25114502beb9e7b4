import type { IsolationAlert } from '@vigil/contracts';
import { sqlString } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from './scenarios/generate';
import { startPipelineWithReceiver } from './support/pipeline-with-receiver';
import { lastCallOfBusiestAgent } from './support/busiest-agent';
import { drainPipeline } from './support/drain-pipeline';
import { feedScenario } from './support/feed-scenario';
import { eventually } from './support/isolated-pipeline';
import { startService } from './support/service-process';

const history = generateScenario({
  seed: 12,
  startMs: Date.UTC(2026, 2, 2),
  days: 2,
  agentsPerKind: 5,
  attacksPerKind: 0,
});

describe('isolation deliveries pending across a restart', () => {
  let stack: Awaited<ReturnType<typeof startPipelineWithReceiver>>;

  beforeAll(async () => {
    stack = await startPipelineWithReceiver('outbox', 'outbox-test-secret-0123456789');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers an alert still failing when the detector was killed, with the same Idempotency-Key, and keeps suppressing after', async () => {
    const { pipeline, receiver, services, env } = stack;
    await feedScenario(pipeline.producer, pipeline.topics, history);
    expect(await drainPipeline(pipeline)).toBe(true);

    receiver.answer.status = 503;
    const last = lastCallOfBusiestAgent(history);
    const exfiltration = {
      ...last.event,
      eventId: 'exfil-restart',
      time: new Date(Date.parse(last.event.time) + 1_000).toISOString(),
      responseBytes: 90_000_000,
    };
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: [
        { key: last.event.agentId, value: JSON.stringify(exfiltration), partition: last.partition },
      ],
    });
    const attempted = await eventually(async () => receiver.received.length >= 2, 30_000);
    expect(attempted, services.map((s) => s.output.join('').slice(-1500)).join('\n---\n')).toBe(
      true,
    );

    // Past one state save (every 2 s): the policy's memory of this alert is in the changelog.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const detector = services.pop();
    await detector?.stop('SIGKILL');
    const refusedKeys = new Set(receiver.received.map((r) => r.headers['idempotency-key']));
    receiver.answer.status = 200;
    services.push(await startService('detector', env));

    const delivered = await eventually(
      async () =>
        (await pipeline.scalar(
          `SELECT count() FROM {db}.isolations WHERE status = 'delivered'`,
        )) === 1,
      60_000,
    );
    expect(delivered).toBe(true);
    const accepted = receiver.received.filter((r) => r.at > 0).at(-1);
    const alert = JSON.parse(accepted?.body ?? '{}') as IsolationAlert;
    expect(alert).toMatchObject({ agentId: last.event.agentId, action: 'isolate' });
    expect(refusedKeys).toEqual(new Set([alert.alertId]));
    expect(accepted?.headers['idempotency-key']).toBe(alert.alertId);
    const [row] = await pipeline.rows<{ attempts: number }>(
      `SELECT attempts FROM {db}.isolations WHERE alert_id = ${sqlString(alert.alertId)}`,
    );
    expect(Number(row?.attempts)).toBeGreaterThan(2);

    // The same exfiltration again in the next 10-minute window, inside the 15-minute suppression
    // window: the restarted detector remembers the alert it sent for this agent and sends no other.
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: [
        {
          key: last.event.agentId,
          value: JSON.stringify({
            ...exfiltration,
            eventId: 'exfil-restart-again',
            time: new Date(Date.parse(exfiltration.time) + 600_000).toISOString(),
          }),
          partition: last.partition,
        },
      ],
    });
    const detectedAgain = await eventually(
      async () =>
        (await pipeline.scalar(
          `SELECT count() FROM {db}.anomalies FINAL WHERE has(evidence_event_ids, 'exfil-restart-again')`,
        )) > 0,
      30_000,
    );
    expect(detectedAgain).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await pipeline.scalar('SELECT uniqExact(alert_id) FROM {db}.isolations')).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([alert.alertId]),
    );
  });
});
