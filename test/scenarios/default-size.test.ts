import { describe, expect, it } from 'vitest';
import { AnomalyKind } from '@vigil/contracts';
import { DEFAULT_SCENARIO, generateScenario } from './generate';

describe('the default scenario', () => {
  // How long it takes is a figure for `npm run bench:detection` (it prints generation time per
  // family), not a timed test: on a shared 2-core runner a wall-clock bound only measures the neighbours.
  it('simulates about 300 agents over three days in 150k-250k audit events', () => {
    const scenario = generateScenario(DEFAULT_SCENARIO);

    expect(scenario.stats.agents).toBe(300);
    expect(scenario.stats.auditEvents).toBeGreaterThan(150_000);
    expect(scenario.stats.auditEvents).toBeLessThan(250_000);
    expect(new Set(scenario.attacks.map((a) => a.kind)).size).toBe(AnomalyKind.options.length);
  });
});
