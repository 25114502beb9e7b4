import { createDetectionEngine } from '@vigil/detectors';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerAgentMetrics } from './agent-metrics';

const MONDAY = Date.parse('2026-03-02T00:00:00Z');

function ingest(engine: ReturnType<typeof createDetectionEngine>, agentId: string, n: number) {
  const time = MONDAY + n * 1_000;
  engine.ingest({
    event: {
      eventId: `e-${n}`,
      time: new Date(time).toISOString(),
      agentId,
      method: 'tools/list',
      serverId: 's',
      outcome: 'ok',
    },
    partition: 0,
    timeMs: time,
  });
}

describe('agent metrics', () => {
  it('show the agents tracked and count each eviction once across scrapes', async () => {
    const registry = new Registry();
    const engine = createDetectionEngine({ maxAgents: 2 });
    registerAgentMetrics(registry, engine);
    for (let n = 0; n < 5; n++) ingest(engine, `agent-${n}`, n);
    await registry.metrics();
    ingest(engine, 'agent-5', 5);
    const text = await registry.metrics();
    expect(text).toContain('vigil_detector_agents{segment="probation"} 2');
    expect(text).toContain('vigil_detector_agents_evicted_total{segment="probation"} 4');
    expect(text).toContain('vigil_detector_agents_evicted_total{segment="protected"} 0');
  });
});
