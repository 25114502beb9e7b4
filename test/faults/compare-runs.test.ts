import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare-runs';
import type { RunOutcome, StoredCause } from './run-outcome';

const baseline: RunOutcome = {
  seconds: 30,
  eventsIn: 100,
  stored: 100,
  storedDistinct: 100,
  causes: [
    {
      anomalyId: 'a1',
      kind: 'payload_size',
      agentId: 'x',
      version: 2,
      count: 3,
      history: 'v1 50.0 medium, v2 70.0 high',
    },
    {
      anomalyId: 'a2',
      kind: 'new_resource',
      agentId: 'y',
      version: 1,
      count: 1,
      history: 'v1 40.0 low',
    },
  ],
  versionsStoredTwice: 0,
  alertsDecided: [{ alertId: 'k1', agentId: 'x', action: 'isolate', anomalyIds: ['a1', 'a2'] }],
  requests: [{ idempotencyKey: 'k1', alertId: 'k1', status: 200 }],
  undelivered: 0,
};

describe('compareRuns', () => {
  it('finds nothing wrong with a run identical to the fault-free one', () => {
    expect(compareRuns(baseline, baseline).problems).toEqual([]);
  });

  it('refused attempts before one acceptance under the same key are not a problem', () => {
    const requests = [{ idempotencyKey: 'k1', alertId: 'k1', status: 503 }, ...baseline.requests];
    expect(compareRuns(baseline, { ...baseline, requests }).problems).toEqual([]);
  });

  it('the same agents alerted with the same actions, the anomalies grouped otherwise, are not a problem', () => {
    const run: RunOutcome = {
      ...baseline,
      alertsDecided: [
        { alertId: 'k3', agentId: 'x', action: 'notify', anomalyIds: ['a2'] },
        { alertId: 'k4', agentId: 'x', action: 'isolate', anomalyIds: ['a1', 'a2'] },
      ],
      requests: [
        { idempotencyKey: 'k3', alertId: 'k3', status: 200 },
        { idempotencyKey: 'k4', alertId: 'k4', status: 200 },
      ],
    };
    expect(compareRuns(baseline, run).problems).toEqual([]);
  });

  it('describes an alert carrying a cause only this run raised from this run', () => {
    const extra: StoredCause = {
      ...(baseline.causes[0] as StoredCause),
      anomalyId: 'a9',
      history: 'v1 90.0 critical',
    };
    const run: RunOutcome = {
      ...baseline,
      causes: [...baseline.causes, extra],
      alertsDecided: [
        { alertId: 'k9', agentId: 'x', action: 'isolate', anomalyIds: ['a1', 'a2', 'a9'] },
      ],
      requests: [{ idempotencyKey: 'k9', alertId: 'k9', status: 200 }],
    };
    expect(compareRuns(baseline, run).summary).toContain(
      'alerted differently: payload_size of x (a9, v1 90.0 critical): fault-free none, this run isolate of 3',
    );
  });

  it('names an agent alerted with another action', () => {
    const run: RunOutcome = {
      ...baseline,
      alertsDecided: [{ alertId: 'k1', agentId: 'x', action: 'notify', anomalyIds: ['a1', 'a2'] }],
    };
    expect(compareRuns(baseline, run).differences).toEqual([
      'agents alerted differ from the fault-free run: only fault-free: x:isolate; only this run: x:notify',
    ]);
  });

  it('earlier versions stored otherwise, the latest the same, are printed, not a problem', () => {
    const run: RunOutcome = {
      ...baseline,
      causes: baseline.causes.map((c) => ({ ...c, history: `v${c.version} 1.0 low` })),
    };
    const comparison = compareRuns(baseline, run);
    expect(comparison.problems).toEqual([]);
    expect(comparison.summary).toContain('same latest, stored v1 50.0 medium, v2 70.0 high');
  });

  it('names events lost and events stored twice', () => {
    const run = { ...baseline, stored: 99, storedDistinct: 97 };
    expect(compareRuns(baseline, run).problems).toEqual(['3 events lost', '2 events stored twice']);
  });

  it('names a cause missing, one extra and one at another version, by kind', () => {
    const run = {
      ...baseline,
      causes: [
        {
          anomalyId: 'a1',
          kind: 'payload_size' as const,
          agentId: 'x',
          version: 3,
          count: 4,
          history: 'v1 50.0 medium, v2 70.0 high, v3 71.0 high',
        },
        {
          anomalyId: 'a3',
          kind: 'new_resource' as const,
          agentId: 'y',
          version: 1,
          count: 1,
          history: 'v1 40.0 low',
        },
      ],
    };
    expect(compareRuns(baseline, run).problems).toEqual([]);
    expect(compareRuns(baseline, run).differences).toEqual([
      'new_resource: 1 missing, 1 extra, 0 with other versions or count',
      'payload_size: 0 missing, 0 extra, 1 with other versions or count',
    ]);
  });

  it('names an alert accepted twice, one never accepted, and a request under a wrong key', () => {
    const run = {
      ...baseline,
      alertsDecided: [
        ...baseline.alertsDecided,
        { alertId: 'k2', agentId: 'z', action: 'notify' as const, anomalyIds: ['a9'] },
      ],
      requests: [
        { idempotencyKey: 'k1', alertId: 'k1', status: 200 },
        { idempotencyKey: 'k1', alertId: 'k1', status: 200 },
        { idempotencyKey: 'k1', alertId: 'k2', status: 503 },
      ],
    };
    const comparison = compareRuns(baseline, run);
    expect(comparison.problems).toEqual([
      'alerts never accepted: k2',
      'alerts accepted more than once: k1',
      "1 requests under another alert's key",
    ]);
    expect(comparison.differences).toEqual([
      'agents alerted differ from the fault-free run: only fault-free: -; only this run: z:notify',
    ]);
  });
});
