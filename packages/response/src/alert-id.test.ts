import { describe, expect, it } from 'vitest';
import { computeAlertId } from './alert-id';

const base = {
  agentId: 'agent-a',
  action: 'isolate' as const,
  severity: 'critical' as const,
  anomalyIds: ['an-2', 'an-1', 'an-3'],
};

describe('computeAlertId', () => {
  it('gives the same id for the same anomalies in any order', () => {
    const id = computeAlertId(base);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(computeAlertId({ ...base, anomalyIds: ['an-3', 'an-1', 'an-2'] })).toBe(id);
  });

  it('gives a different id when the agent, action, severity or anomalies differ', () => {
    const id = computeAlertId(base);
    expect(computeAlertId({ ...base, agentId: 'agent-b' })).not.toBe(id);
    expect(computeAlertId({ ...base, action: 'notify' })).not.toBe(id);
    expect(computeAlertId({ ...base, severity: 'high' })).not.toBe(id);
    expect(computeAlertId({ ...base, anomalyIds: ['an-1', 'an-2'] })).not.toBe(id);
  });

  it('does not confuse ids that only concatenate alike', () => {
    expect(computeAlertId({ ...base, anomalyIds: ['a,b'] })).not.toBe(
      computeAlertId({ ...base, anomalyIds: ['a', 'b'] }),
    );
  });
});
