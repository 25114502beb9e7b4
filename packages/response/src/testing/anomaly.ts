import type { Anomaly } from '@vigil/contracts';

/** A valid anomaly for tests; override only what the test is about. */
export function makeAnomaly(overrides: Partial<Anomaly> = {}): Anomaly {
  return {
    anomalyId: 'an-1',
    detectedAt: '2026-01-01T00:00:01.000Z',
    eventTime: '2026-01-01T00:00:00.000Z',
    agentId: 'agent-a',
    kind: 'payload_size',
    score: 70,
    severity: 'medium',
    observed: '40 MB returned',
    expected: 'under 2 MB',
    explanation: 'Agent agent-a received 40 MB from crm-server, 20 times its usual maximum.',
    evidenceEventIds: ['ev-1'],
    count: 1,
    version: 1,
    ...overrides,
  };
}

/** Event time `seconds` after the tests' epoch, as RFC 3339. */
export function at(seconds: number): string {
  return new Date(Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000).toISOString();
}
