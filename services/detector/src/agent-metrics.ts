import type { DetectionEngine } from '@vigil/detectors';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The engine's bound on agents (DETECTOR_MAX_AGENTS) on /metrics: agents
 * tracked and evicted, by segment. Read from engine.stats() at each scrape,
 * so the hot path does nothing for them.
 */
export function registerAgentMetrics(registry: Registry, engine: DetectionEngine): void {
  new Gauge({
    name: 'vigil_detector_agents',
    help: 'Agents the detection core tracks, on probation (newcomers) or protected (with history)',
    labelNames: ['segment'],
    registers: [registry],
    collect() {
      const { agents, protectedAgents } = engine.stats();
      this.set({ segment: 'probation' }, agents - protectedAgents);
      this.set({ segment: 'protected' }, protectedAgents);
    },
  });
  new Gauge({
    name: 'vigil_detector_remote_agents',
    help: 'Agents other detector instances hold, counted in the population from the snapshots they save',
    registers: [registry],
    collect() {
      this.set(engine.stats().remoteAgents);
    },
  });
  let bounded = 0;
  new Counter({
    name: 'vigil_detector_bounded_calls_total',
    help: 'Calls counted under an agent’s {other servers} or {other tools}: past its bound on distinct servers or tools (a spray of ids)',
    registers: [registry],
    collect() {
      const { boundedCalls } = engine.stats();
      this.inc(boundedCalls - bounded);
      bounded = boundedCalls;
    },
  });
  const counted = { probation: 0, protected: 0 };
  new Counter({
    name: 'vigil_detector_agents_evicted_total',
    help: 'Agents evicted to stay within DETECTOR_MAX_AGENTS, by the segment they were in',
    labelNames: ['segment'],
    registers: [registry],
    collect() {
      const evicted = engine.stats().evictedAgents;
      for (const segment of ['probation', 'protected'] as const) {
        this.inc({ segment }, evicted[segment] - counted[segment]);
        counted[segment] = evicted[segment];
      }
    },
  });
}
