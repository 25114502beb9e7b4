import { createHash } from 'node:crypto';
import type { IsolationAlert, IsolationCommand } from '@vigil/contracts';

const sha = (parts: readonly string[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/**
 * The id of a person's request, from what they asked, of whom, when and why: the same request
 * sent again (a retried send, a form submitted twice) has the same id, so it is one alert.
 */
export function isolationRequestId(
  request: Pick<IsolationCommand, 'action' | 'agentId' | 'requestedBy' | 'requestedAt' | 'reason'>,
): string {
  return sha([
    request.action,
    request.agentId,
    request.requestedBy,
    request.requestedAt,
    request.reason,
  ]);
}

/**
 * A person's isolate or release as the alert the detector delivers, through the same outbox,
 * targets and signature as the policy's alerts. The contract's actions are `isolate` and
 * `notify`, so a release is a `notify` whose reason says who released the agent. A manual
 * isolate is `critical`, since a person judged it isolation-worthy and receivers that act
 * by severity must act on it; a release asks nothing of anyone (`low`). Deterministic: the
 * same command gives the same alert, id and time included.
 */
export function manualAlert(command: IsolationCommand): IsolationAlert {
  const isolate = command.action === 'isolate';
  const reason = command.reason.trim().replace(/[.!\s]+$/, '');
  return {
    alertId: sha(['manual', command.requestId]),
    agentId: command.agentId,
    action: isolate ? 'isolate' : 'notify',
    severity: isolate ? 'critical' : 'low',
    score: Math.max(...command.anomalies.map((a) => a.score)),
    reason: `Agent ${command.agentId} ${isolate ? 'isolated' : 'released'} by ${command.requestedBy}: ${reason}.`,
    anomalies: command.anomalies,
    createdAt: command.requestedAt,
  };
}
