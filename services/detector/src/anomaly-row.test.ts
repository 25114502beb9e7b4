import type { Anomaly } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { toAnomalyRow } from './anomaly-row';

const anomaly: Anomaly = {
  anomalyId: 'an-1',
  detectedAt: '2026-01-01T00:05:00.500Z',
  eventTime: '2026-01-01T00:00:00.000Z',
  agentId: 'agent-a',
  kind: 'revoked_token',
  score: 91,
  severity: 'critical',
  observed: 'token used 4 times after revocation',
  expected: 'no use after revocation',
  explanation: 'Agent agent-a used a revoked token 4 times.',
  evidenceEventIds: ['ev-1', 'ev-2', 'ev-3', 'ev-4'],
  count: 4,
  version: 3,
};

describe('toAnomalyRow', () => {
  it('writes the version and the occurrences it stands for beside the anomaly', () => {
    expect(toAnomalyRow(anomaly)).toMatchObject({
      anomaly_id: 'an-1',
      detected_at: '2026-01-01 00:05:00',
      event_time: '2026-01-01 00:00:00',
      evidence_event_ids: ['ev-1', 'ev-2', 'ev-3', 'ev-4'],
      count: 4,
      version: 3,
    });
  });
});
