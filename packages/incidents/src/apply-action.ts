import type { Incident, IncidentAction, IsolationAlert, IsolationCommand } from '@vigil/contracts';
import { wholeSecond } from './incident-id';

/**
 * A person's action as the incident's next version, or undefined when it changes nothing:
 * an action on a closed incident, an acknowledgement of one already acknowledged by the same
 * person with the same note (a replay), a release of an agent that is not isolated.
 */
export function applyAction(incident: Incident, action: IncidentAction): Incident | undefined {
  if (incident.status === 'closed') return undefined;
  const note = action.note ?? incident.note;
  const next = (fields: Partial<Incident>): Incident => ({
    ...incident,
    ...fields,
    note,
    updatedAt: wholeSecond(action.at),
    changedBy: action.by,
    version: incident.version + 1,
  });
  switch (action.action) {
    case 'acknowledge':
      if (
        incident.status === 'acknowledged' &&
        incident.owner === action.by &&
        note === incident.note
      )
        return undefined;
      return next({ status: 'acknowledged', owner: action.by, change: 'acknowledged' });
    case 'close':
      return next({
        status: 'closed',
        owner: incident.owner || action.by,
        change: 'closed',
      });
    case 'release':
      if (incident.isolation !== 'isolated') return undefined;
      return next({ isolation: 'released', change: 'released' });
  }
}

/**
 * An isolation alert marks the incident holding its anomalies isolated; each alert counts once,
 * so a replayed alert after a release does not isolate the agent again. A `notify` alert changes nothing.
 * `by` is the person who asked for a manual isolation, else Vigil's policy.
 */
export function applyIsolation(
  incident: Incident,
  alert: IsolationAlert,
  by: string,
): Incident | undefined {
  if (alert.action !== 'isolate' || incident.alertIds.includes(alert.alertId)) return undefined;
  return {
    ...incident,
    isolation: 'isolated',
    alertIds: [...incident.alertIds, alert.alertId],
    updatedAt: wholeSecond(alert.createdAt),
    change: 'isolated',
    changedBy: by,
    version: incident.version + 1,
  };
}

/** A person's release of an agent as the release of one of its incidents, by them, at their time. */
export function releaseOf(incident: Incident, command: IsolationCommand): IncidentAction {
  return {
    actionId: command.requestId,
    incidentId: incident.incidentId,
    agentId: command.agentId,
    action: 'release',
    by: command.requestedBy,
    at: command.requestedAt,
    note: command.reason,
  };
}
