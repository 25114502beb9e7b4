import { describe, expect, it } from 'vitest';
import { IsolationCommand } from './isolation-command';

const command = {
  requestId: 'req-1',
  agentId: 'agent-a',
  action: 'isolate',
  requestedBy: 'ana',
  requestedAt: '2026-01-01T10:00:00.000Z',
  reason: 'pulled the CRM export',
  anomalies: [{ anomalyId: 'an-1', kind: 'payload_size', score: 72, explanation: 'big' }],
};
const problems = (value: unknown) =>
  IsolationCommand.safeParse(value).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('a person’s isolation request', () => {
  it('is accepted with who, when, why and the anomalies it rests on', () => {
    expect(problems(command)).toEqual([]);
  });

  it('has only the two actions, a reason that is not blank, and at least one anomaly', () => {
    expect(problems({ ...command, action: 'quarantine' })).toEqual(['action']);
    expect(problems({ ...command, reason: '   ' })).toEqual(['reason']);
    expect(problems({ ...command, anomalies: [] })).toEqual(['anomalies']);
    expect(problems({ ...command, requestedAt: 'yesterday' })).toEqual(['requestedAt']);
  });
});
