import { IsolationCommand, type IsolationAlert } from '@vigil/contracts';
import {
  agentIsolations,
  anomaliesByIds,
  listIncidents,
  type IsolationRecord,
} from '@vigil/queries';
import { isolationRequestId, manualAlert } from '@vigil/response';
import pRetry from 'p-retry';
import type { Connections } from './connections';
import { publish } from './publish';
import { CliError } from './run';

/** As many anomalies as the default policy puts in one alert. */
const MAX_EVIDENCE = 20;

export interface IsolationRequest {
  agentId: string;
  action: IsolationCommand['action'];
  by: string;
  reason: string;
  /** When the person asked; a form sent twice carries the same time, so it is one request. */
  requestedAt?: string | undefined;
  wait: boolean;
}

export interface IsolationRequestResult {
  command: IsolationCommand;
  alert: IsolationAlert;
  /** The alert's settled delivery to each target, once the detector recorded it (when waiting). */
  deliveries: IsolationRecord[];
}

/**
 * The anomalies a request rests on: those of the agent's latest incident, the strongest first.
 * The contract's alert names at least one, so an agent Vigil has no incident for cannot be
 * isolated or released through it.
 */
async function evidenceFor(connections: Connections, agentId: string) {
  const { read, database } = connections;
  const [incident] = await listIncidents(read, database, { agentId, limit: 1 });
  if (!incident) {
    throw new CliError(
      `agent ${agentId} has no incident: an isolation alert names the anomalies it rests on`,
    );
  }
  const anomalies = await anomaliesByIds(read, database, incident.anomalyIds);
  return anomalies
    .sort((a, b) => b.score - a.score || a.anomaly_id.localeCompare(b.anomaly_id))
    .slice(0, MAX_EVIDENCE)
    .map((a) => ({
      anomalyId: a.anomaly_id,
      kind: a.kind,
      score: a.score,
      explanation: a.explanation,
    }));
}

/**
 * Sends a person's isolate or release to the detector, which owns the outbox: it raises the
 * alert, delivers it signed to every target, and records each delivery in `isolations`. When
 * waiting, the answer is what `isolations` holds for the alert.
 */
export async function requestIsolation(
  connections: Connections,
  request: IsolationRequest,
): Promise<IsolationRequestResult> {
  const fields = {
    agentId: request.agentId,
    action: request.action,
    requestedBy: request.by,
    requestedAt: request.requestedAt ?? new Date().toISOString(),
    reason: request.reason,
  };
  const parsed = IsolationCommand.safeParse({
    ...fields,
    requestId: isolationRequestId(fields),
    anomalies: await evidenceFor(connections, request.agentId),
  });
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new CliError(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  const command = parsed.data;
  const alert = manualAlert(command);

  const { config, read, database } = connections;
  await publish(connections, config.VIGIL_TOPIC_ISOLATION_COMMANDS, command.agentId, command);
  if (!request.wait) return { command, alert, deliveries: [] };

  const deliveries = await pRetry(
    async () => {
      const rows = await agentIsolations(read, database, command.agentId);
      const settled = rows.filter((row) => row.alert_id === alert.alertId);
      if (settled.length > 0) return settled;
      throw new Error('not recorded yet');
    },
    { retries: 120, minTimeout: 250, maxTimeout: 250, factor: 1 },
  ).catch(() => {
    throw new CliError(
      `sent (alert ${alert.alertId}), but no delivery is in isolations after 30 s: is the detector running, or is a target still being retried?`,
    );
  });
  return { command, alert, deliveries };
}
