import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, type DetectedAnomaly } from './evaluate';
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
