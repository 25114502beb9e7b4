import type { IsolationAlert } from '@vigil/contracts';
import { verifySignature } from '@vigil/response';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from './scenarios/generate';
import { drainPipeline } from './support/drain-pipeline';
import { startPipelineWithReceiver } from './support/pipeline-with-receiver';
import { feedScenario } from './support/feed-scenario';
import { eventually } from './support/isolated-pipeline';

const SECRET = 'test-secret-for-isolation-webhooks';
// Two benign days: every agent has a mature baseline, and nothing should alert.
const history = generateScenario({
  seed: 11,
  startMs: Date.UTC(2026, 2, 2),
  days: 2,
  agentsPerKind: 6,
  attacksPerKind: 0,
});

describe('isolation of an exfiltrating agent', () => {
  let stack: Awaited<ReturnType<typeof startPipelineWithReceiver>>;

  beforeAll(async () => {
    stack = await startPipelineWithReceiver('isolation', SECRET);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends one signed isolate alert within 2 seconds, and none for normal traffic', async () => {
    const { pipeline, receiver } = stack;
    await feedScenario(pipeline.producer, pipeline.topics, history);
    expect(await drainPipeline(pipeline)).toBe(true);
    expect(receiver.received.map((r) => r.body)).toEqual([]);

    // A mature agent suddenly pulls a huge payload, just after its normal traffic.
    const last = history.audit.reduce((latest, a) =>
      a.event.time > latest.event.time ? a : latest,
    );
    const victim = last.event;
    const exfiltration = {
      ...victim,
      eventId: 'exfil-1',
      time: new Date(Date.parse(victim.time) + 1_000).toISOString(),
      responseBytes: 80_000_000,
    };
    const sentAt = Date.now();
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: [
        { key: victim.agentId, value: JSON.stringify(exfiltration), partition: last.partition },
      ],
    });
    expect(await eventually(async () => receiver.received.length > 0, 10_000, 20)).toBe(true);
    const delayMs = (receiver.received[0]?.at ?? 0) - sentAt;
    console.log(`isolation alert reached the receiver ${delayMs} ms after the event reached Kafka`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const alert = JSON.parse(delivery?.body ?? '{}') as IsolationAlert;
    expect(alert).toMatchObject({ agentId: victim.agentId, action: 'isolate' });
    expect(alert.anomalies.map((a) => a.kind)).toContain('payload_size');
    expect(delivery?.headers['idempotency-key']).toBe(alert.alertId);
    const verdict = verifySignature({
      body: delivery?.body ?? '',
      header: String(delivery?.headers['vigil-signature']),
      secrets: [SECRET],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(verdict).toEqual({ ok: true });
    expect(delayMs).toBeLessThan(2_000);
    expect(
      await eventually(
        async () =>
          (await pipeline.scalar(
            `SELECT count() FROM {db}.isolations WHERE status = 'delivered'`,
          )) === 1,
      ),
    ).toBe(true);
  });

  it("reveals neither the webhook secret nor an event's content on the services' endpoints", async () => {
    const exfiltrated = 'exfil-1';
    for (const service of stack.services) {
      for (const path of ['/metrics', '/healthz', '/readyz']) {
        const response = await fetch(`http://127.0.0.1:${service.port}${path}`);
        const text = await response.text();
        expect(text, `${path} of a service`).not.toContain(SECRET);
        // Identifiers and sizes may be counted; no event id is a label (that would be one series per event).
        expect(text, `${path} of a service`).not.toContain(exfiltrated);
      }
    }
  });
});
