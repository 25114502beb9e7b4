import { describe, expect, it } from 'vitest';
import { AnomalyKind } from '@vigil/contracts';
import { DEFAULT_SCENARIO, generateScenario } from './generate';

describe('the default scenario', () => {
  it('simulates about 300 agents over three days in 150k-250k audit events, within seconds', () => {
    const started = performance.now();
    const scenario = generateScenario(DEFAULT_SCENARIO);
    const elapsedMs = performance.now() - started;
    console.log(`default scenario: ${Math.round(elapsedMs)} ms`, scenario.stats);

    expect(scenario.stats.agents).toBe(300);
    expect(scenario.stats.auditEvents).toBeGreaterThan(150_000);
    expect(scenario.stats.auditEvents).toBeLessThan(250_000);
    expect(new Set(scenario.attacks.map((a) => a.kind)).size).toBe(AnomalyKind.options.length);
    // The target is 2 s on an idle machine; the bound leaves room for a busy CI runner.
    expect(elapsedMs).toBeLessThan(3_000);
  });
});
