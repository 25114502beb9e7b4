import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, latestVersions, type DetectedAnomaly } from './evaluate';
import type { LabelledAttack } from './scenario';

const T0 = Date.UTC(2026, 2, 6, 10);
const MINUTE = 60_000;

const attacks: LabelledAttack[] = [
  {
    id: 'call_volume-1',
    kind: 'call_volume',
    agentId: 'sales-assistant-001',
    startMs: T0,
    endMs: T0 + 8 * MINUTE,
    eventIds: ['a1', 'a2'],
    description: 'sales-assistant-001 calls get_account 450 times',
  },
  {
    id: 'tool_definition_changed-1',
    kind: 'tool_definition_changed',
    agentId: 'support-bot-001',
    startMs: T0,
    endMs: T0,
    eventIds: ['t1', 't2'],
    description: 'ticketing-mcp changed the definition of get_customer',
  },
];
const scenario = {
  attacks,
  benignEventIds: new Set(Array.from({ length: 20_000 }, (_, i) => `b${i}`)),
};

function anomaly(patch: Partial<DetectedAnomaly>): DetectedAnomaly {
  return {
    agentId: 'sales-assistant-001',
    kind: 'call_volume',
    eventTime: new Date(T0 + 60 * MINUTE).toISOString(),
    evidenceEventIds: [],
    ...patch,
  };
}

describe('evaluate', () => {
  it('counts an attack caught by an anomaly of its kind citing one of its events', () => {
    const result = evaluate(scenario, [anomaly({ evidenceEventIds: ['a2'] })]);
    expect(result.caught).toBe(1);
    expect(result.missed.map((a) => a.id)).toEqual(['tool_definition_changed-1']);
  });

  it('counts an attack caught by a window anomaly stamped up to 15 minutes after it ended', () => {
    const inTime = anomaly({ eventTime: new Date(T0 + 22 * MINUTE).toISOString() });
    const tooLate = anomaly({ eventTime: new Date(T0 + 24 * MINUTE).toISOString() });
    expect(evaluate(scenario, [inTime]).caught).toBe(1);
    expect(evaluate(scenario, [tooLate]).caught).toBe(0);
    expect(evaluate(scenario, [tooLate]).falsePositives).toEqual([tooLate]);
  });

  it('reports an attack that only anomalies of another kind point at as the wrong kind', () => {
    const result = evaluate(scenario, [
      anomaly({ kind: 'payload_size', evidenceEventIds: ['a1'] }),
    ]);
    expect(result.caught).toBe(0);
    expect(result.wrongKind.map((a) => a.id)).toEqual(['call_volume-1']);
    expect(result.falsePositives).toEqual([]);
  });

  it('does not credit an anomaly for another agent at the same time', () => {
    const other = anomaly({
      agentId: 'sales-assistant-002',
      eventTime: new Date(T0).toISOString(),
    });
    const result = evaluate(scenario, [other]);
    expect(result.caught).toBe(0);
    expect(result.falsePositives).toEqual([other]);
  });

  it('credits any agent that cites events carrying a changed tool definition', () => {
    const first = anomaly({
      agentId: 'support-bot-007',
      kind: 'tool_definition_changed',
      evidenceEventIds: ['t2'],
    });
    const result = evaluate(scenario, [first]);
    expect(result.caught).toBe(1);
    expect(result.falsePositives).toEqual([]);
  });

  it('reports false positives per 10,000 benign events', () => {
    const result = evaluate(scenario, [anomaly({ agentId: 'x' }), anomaly({ agentId: 'y' })]);
    expect(result.benignEvents).toBe(20_000);
    expect(result.falsePositivesPer10k).toBe(1);
  });

  it('formats a summary naming what was missed and which kinds over-fired', () => {
    const text = formatEvaluation(
      evaluate(scenario, [anomaly({ agentId: 'x', kind: 'new_resource' })]),
    );
    expect(text).toContain('caught 0/2 attacks');
    expect(text).toContain('missed call_volume-1');
    expect(text).toContain('new_resource 1');
    expect(text).toContain('0.50 per 10k');
  });
});

describe('evaluate with versioned anomalies (contract 1.1)', () => {
  const early = new Date(T0 + 5 * MINUTE).toISOString();

  it('reads each anomaly id at its latest version, whatever order versions arrive in', () => {
    const v1 = anomaly({ anomalyId: 'x', agentId: 'x', version: 1, count: 1 });
    const v3 = anomaly({ anomalyId: 'x', agentId: 'x', version: 3, count: 7 });
    const v2 = anomaly({ anomalyId: 'x', agentId: 'x', version: 2, count: 4 });
    expect(latestVersions([v1, v3, v2])).toEqual([v3]);
  });

  it('counts one false positive per distinct anomaly id, not per version', () => {
    const versions = [1, 2, 3].map((version) =>
      anomaly({ anomalyId: 'fp-1', agentId: 'x', version, count: version }),
    );
    const other = anomaly({ anomalyId: 'fp-2', agentId: 'y' });
    const result = evaluate(scenario, [...versions, other]);
    expect(result.falsePositives.map((a) => [a.anomalyId, a.version])).toEqual([
      ['fp-1', 3],
      ['fp-2', undefined],
    ]);
    expect(result.falsePositivesPer10k).toBe(1);
    expect(result.distinctAnomalies).toBe(2);
    expect(result.anomalyMessages).toBe(4);
  });

  it('judges an id by its latest version: evidence refreshed away from the attack is a false positive', () => {
    const v1 = anomaly({ anomalyId: 'a', evidenceEventIds: ['a1'], eventTime: early, version: 1 });
    const v2 = anomaly({ anomalyId: 'a', evidenceEventIds: ['b7'], version: 2 });
    const result = evaluate(scenario, [v1, v2]);
    expect(result.caught).toBe(0);
    expect(result.falsePositives).toEqual([v2]);
  });

  it('reports how many distinct anomalies of its kind each caught attack raised, and the maximum', () => {
    const oneCause = [1, 2].map((version) =>
      anomaly({ anomalyId: 'cv', evidenceEventIds: ['a1'], version }),
    );
    const perCaller = ['support-bot-001', 'support-bot-002', 'support-bot-003'].map((agentId) =>
      anomaly({
        anomalyId: `tdc-${agentId}`,
        agentId,
        kind: 'tool_definition_changed',
        evidenceEventIds: ['t1'],
      }),
    );
    const otherKind = anomaly({ anomalyId: 'pv', kind: 'payload_size', evidenceEventIds: ['a2'] });
    const result = evaluate(scenario, [...oneCause, ...perCaller, otherKind]);
    expect(result.rowsPerCause.map(({ attack, rows }) => [attack.id, rows])).toEqual([
      ['call_volume-1', 1],
      ['tool_definition_changed-1', 3],
    ]);
    expect(result.maxRowsPerCause).toBe(3);
    expect(formatEvaluation(result)).toContain('up to 3 distinct anomalies');
  });

  it('reports no rows per cause when nothing was caught', () => {
    const result = evaluate(scenario, []);
    expect(result.rowsPerCause).toEqual([]);
    expect(result.maxRowsPerCause).toBe(0);
  });
});
