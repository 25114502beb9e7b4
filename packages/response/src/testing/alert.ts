import type { IsolationAlert } from '@vigil/contracts';

/** A valid alert for tests. */
export function makeAlert(overrides: Partial<IsolationAlert> = {}): IsolationAlert {
  return {
    alertId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    agentId: 'agent-a',
    action: 'isolate',
    severity: 'critical',
    score: 97.5,
    reason: 'Agent agent-a should be isolated: it received 40 MB from crm-server.',
    anomalies: [
      {
        anomalyId: 'an-1',
        kind: 'payload_size',
        score: 97.5,
        explanation: 'Agent agent-a received 40 MB from crm-server, 20 times its usual maximum.',
      },
    ],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
