import { IsolationAlert, type IsolationCommand } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { isolationRequestId, manualAlert } from './manual-alert';

const request = {
  action: 'isolate' as const,
  agentId: 'agent-a',
  requestedBy: 'ana',
  requestedAt: '2026-01-01T10:00:00.000Z',
  reason: 'pulled the CRM export.',
};
const command: IsolationCommand = {
  ...request,
  requestId: isolationRequestId(request),
  anomalies: [
    { anomalyId: 'an-1', kind: 'payload_size', score: 72, explanation: 'big payload' },
    { anomalyId: 'an-2', kind: 'new_resource', score: 64, explanation: 'new server' },
  ],
};

describe('manual isolation alerts', () => {
  it('a manual isolate is a critical isolate alert naming who asked and why', () => {
    const alert = manualAlert(command);
    expect(IsolationAlert.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      agentId: 'agent-a',
      action: 'isolate',
      severity: 'critical',
      score: 72,
      reason: 'Agent agent-a isolated by ana: pulled the CRM export.',
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    expect(alert.anomalies.map((a) => a.anomalyId)).toEqual(['an-1', 'an-2']);
  });

  it('a release is a low notify alert, never a new action', () => {
    const release = { ...request, action: 'release' as const, reason: 'false alarm' };
    const alert = manualAlert({ ...command, ...release, requestId: isolationRequestId(release) });
    expect(alert).toMatchObject({
      action: 'notify',
      severity: 'low',
      reason: 'Agent agent-a released by ana: false alarm.',
    });
    expect(alert.alertId).not.toBe(manualAlert(command).alertId);
  });

  it('the same request sent twice is one alert; another time or person is another', () => {
    expect(manualAlert(structuredClone(command))).toEqual(manualAlert(command));
    expect(isolationRequestId({ ...request })).toBe(command.requestId);
    expect(isolationRequestId({ ...request, requestedBy: 'bo' })).not.toBe(command.requestId);
    expect(isolationRequestId({ ...request, requestedAt: '2026-01-01T10:00:01.000Z' })).not.toBe(
      command.requestId,
    );
  });
});
