import { createDetectionEngine } from '@vigil/detectors';
import { MONDAY, minimalCall } from '@vigil/detectors/testing/simulate';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerAgentMetrics } from './agent-metrics';

function ingest(engine: ReturnType<typeof createDetectionEngine>, agentId: string, n: number) {
  engine.ingest(minimalCall(agentId, `e-${n}`, MONDAY + n * 1_000));
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
