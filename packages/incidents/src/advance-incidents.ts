import type {
  Anomaly,
  Incident,
  IncidentAction,
  IsolationAlert,
  IsolationCommand,
} from '@vigil/contracts';
import { manualAlert } from '@vigil/response';
import { applyAction, applyIsolation, releaseOf } from './apply-action';
import { groupAnomaly } from './group-anomaly';
import type { IncidentOptions } from './options';

/**
 * What moves incidents on: an anomaly (or a new version of one), a person's action on an
 * incident, an isolation alert, a person's isolate or release request for an agent.
 */
export type IncidentInput =
  | { type: 'anomaly'; anomaly: Anomaly }
  | { type: 'action'; action: IncidentAction }
  | { type: 'isolation'; alert: IsolationAlert }
  | { type: 'request'; command: IsolationCommand };

export interface Advanced {
  /** Every new version, in the order it was made: each is stored and published. */
  versions: Incident[];
  /** Actions that name no known incident of their agent, or come after it was closed. */
  ignored: IncidentAction[];
  /** Isolation alerts none of whose anomalies is in a known incident yet (read before their anomalies). */
  unplaced: IsolationAlert[];
}

/**
 * Applies inputs in order to the known incidents (latest version of each, of the agents the
 * inputs concern) and returns every new version. Pure and deterministic: the same known
 * incidents and inputs give the same versions, so a replay after a crash, whose known
 * incidents already hold what was stored, makes no version twice.
 */
export function advanceIncidents(
  known: readonly Incident[],
  inputs: readonly IncidentInput[],
  options: IncidentOptions,
): Advanced {
  const latest = new Map(known.map((incident) => [incident.incidentId, incident]));
  const versions: Incident[] = [];
  const ignored: IncidentAction[] = [];
  const unplaced: IsolationAlert[] = [];
  const ofAgent = (agentId: string) =>
    [...latest.values()].filter((incident) => incident.agentId === agentId);
  const keep = (next: Incident | undefined) => {
    if (!next) return;
    latest.set(next.incidentId, next);
    versions.push(next);
  };
  const isolate = (alert: IsolationAlert, by: string) => {
    const ids = new Set(alert.anomalies.map((a) => a.anomalyId));
    const holding = ofAgent(alert.agentId).find((i) => i.anomalyIds.some((id) => ids.has(id)));
    if (holding) keep(applyIsolation(holding, alert, by));
    else unplaced.push(alert);
  };

  for (const input of inputs) {
    if (input.type === 'anomaly') {
      keep(groupAnomaly(ofAgent(input.anomaly.agentId), input.anomaly, options));
    } else if (input.type === 'isolation') {
      isolate(input.alert, 'vigil');
    } else if (input.type === 'request') {
      const { command } = input;
      // The request is read here as well as by the detector, so the incident records the
      // person; the alert the detector then publishes has the same id and changes nothing.
      // A release has no action of its own in the contract: the request itself releases.
      if (command.action === 'isolate') isolate(manualAlert(command), command.requestedBy);
      else
        for (const incident of ofAgent(command.agentId)) {
          keep(applyAction(incident, releaseOf(incident, command)));
        }
    } else {
      const incident = latest.get(input.action.incidentId);
      const next =
        incident && incident.agentId === input.action.agentId
          ? applyAction(incident, input.action)
          : undefined;
      if (next) keep(next);
      else if (!incident || incident.status === 'closed') ignored.push(input.action);
    }
  }
  return { versions, ignored, unplaced };
}
