import { createDetectionEngine } from '@vigil/detectors';
import { MONDAY, minimalCall } from '@vigil/detectors/testing/simulate';
import type { PolicyEngine } from '@vigil/response';
import type { ServiceContext } from '@vigil/runtime';
import type { Message, Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createAgentChangelog } from './agent-changelog';
import type { DetectorConfig } from './config';

/** A changelog over a producer that records what it is sent, and a policy holding the given agents' state. */
function setUp(policyAgents: string[] = []) {
  const sent: Message[] = [];
  const producer = {
    send: async ({ messages }: { messages: Message[] }) => void sent.push(...messages),
  } as unknown as Producer;
  const context = {
    producer,
    config: { VIGIL_TOPIC_DETECTOR_STATE: 'state' },
  } as unknown as ServiceContext<DetectorConfig>;
  const policy = {
    snapshotAgent: (agentId: string) => (policyAgents.includes(agentId) ? { agentId } : undefined),
    takeChangedAgents: () => [],
  } as unknown as PolicyEngine;
  const engine = createDetectionEngine({ maxAgents: 2 });
  const changelog = createAgentChangelog(context, engine, policy);
  let offset = 0;
  return {
    sent,
    /** One event of the agent, applied and saved like a batch. */
    async event(agentId: string) {
      offset++;
      engine.ingest(minimalCall(agentId, `e-${offset}`, MONDAY + offset * 1_000));
      changelog.applied(
        new Map([[agentId, { partition: 0, offset: String(offset) }]]),
        0,
        String(offset),
      );
      sent.length = 0;
      await changelog.save();
    },
  };
}

function written(sent: Message[]) {
  return sent.map((m) => [
    m.key,
    m.value === null ? null : Object.keys(JSON.parse(String(m.value))),
  ]);
}

describe('agent changelog', () => {
  it('writes a tombstone for an evicted agent, so no restore brings it back', async () => {
    const { sent, event } = setUp();
    await event('a');
    await event('b');
    await event('c');
    expect(written(sent)).toEqual([
      ['c', ['partition', 'offset', 'state']],
      ['a', null],
    ]);
  });

  it('keeps an evicted agent’s isolation policy state, without engine state', async () => {
    const { sent, event } = setUp(['a']);
    await event('a');
    await event('b');
    await event('c');
    expect(written(sent)).toEqual([
      ['c', ['partition', 'offset', 'state']],
      ['a', ['partition', 'offset', 'policy']],
    ]);
  });
});
