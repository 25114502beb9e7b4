import { randomUUID } from 'node:crypto';
import type { Incident, IncidentAction } from '@vigil/contracts';
import { listIncidents } from '@vigil/queries';
import pRetry from 'p-retry';
import type { Connections } from './connections';
import { publish } from './publish';
import { CliError } from './run';

/** What a person does to one incident; releasing is the agent's (`isolation-requests.ts`). */
export type PersonAction = Exclude<IncidentAction['action'], 'release'>;

export async function findIncident(
  connections: Connections,
  incidentId: string,
): Promise<Incident> {
  const [incident] = await listIncidents(connections.read, connections.database, { incidentId });
  if (!incident) throw new CliError(`no incident ${incidentId}`);
  return incident;
}

/**
 * Sends the action to the incidents stage (the one writer of incidents), then waits until the
 * new version is stored, so the command's answer is what ClickHouse holds.
 */
export async function sendIncidentAction(
  connections: Connections,
  request: {
    incidentId: string;
    action: PersonAction;
    by: string;
    note?: string | undefined;
    wait: boolean;
  },
): Promise<Incident | undefined> {
  const before = await findIncident(connections, request.incidentId);
  if (before.status === 'closed') throw new CliError(`incident ${request.incidentId} is closed`);
  const message: IncidentAction = {
    actionId: randomUUID(),
    incidentId: before.incidentId,
    agentId: before.agentId,
    action: request.action,
    by: request.by,
    at: new Date().toISOString(),
    ...(request.note !== undefined ? { note: request.note } : {}),
  };
  await publish(
    connections,
    connections.config.VIGIL_TOPIC_INCIDENT_ACTIONS,
    before.agentId,
    message,
  );
  if (!request.wait) return undefined;
  return pRetry(
    async () => {
      const now = await findIncident(connections, request.incidentId);
      if (now.version > before.version && now.changedBy === request.by) return now;
      throw new Error('not recorded yet');
    },
    { retries: 60, minTimeout: 250, maxTimeout: 250, factor: 1 },
  ).catch(() => {
    throw new CliError(
      `sent, but the incidents stage has not recorded it after 15 s: is it running? (npm start -w @vigil/incidents-stage)`,
    );
  });
}
