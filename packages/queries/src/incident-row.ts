import { Incident, toEpochMs } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

/** The `incidents` row of one version of an incident. */
export function toIncidentRow(incident: Incident) {
  return {
    incident_id: incident.incidentId,
    agent_id: incident.agentId,
    opened_at: toClickHouseDateTime(toEpochMs(incident.openedAt)),
    updated_at: toClickHouseDateTime(toEpochMs(incident.updatedAt)),
    last_anomaly_at: toClickHouseDateTime(toEpochMs(incident.lastAnomalyAt)),
    status: incident.status,
    owner: incident.owner,
    note: incident.note,
    max_score: incident.maxScore,
    severity: incident.severity,
    kinds: incident.kinds,
    anomaly_ids: incident.anomalyIds,
    isolation: incident.isolation,
    alert_ids: incident.alertIds,
    change: incident.change,
    changed_by: incident.changedBy,
    version: incident.version,
  };
}
export type IncidentRow = ReturnType<typeof toIncidentRow>;

/** Columns to select so that a row reads back as `fromIncidentRow` expects. */
export const INCIDENT_COLUMNS = Object.keys(toIncidentRow(placeholder())).join(', ');

/**
 * An incident read back from ClickHouse (JSONEachRow), validated like any outside input:
 * DateTime text becomes RFC 3339, and numbers sent as strings become numbers.
 */
export function fromIncidentRow(row: Record<string, unknown>): Incident {
  const time = (value: unknown) => `${String(value).replace(' ', 'T')}.000Z`;
  return Incident.parse({
    incidentId: row.incident_id,
    agentId: row.agent_id,
    openedAt: time(row.opened_at),
    updatedAt: time(row.updated_at),
    lastAnomalyAt: time(row.last_anomaly_at),
    status: row.status,
    owner: row.owner,
    note: row.note,
    maxScore: Number(row.max_score),
    severity: row.severity,
    kinds: row.kinds,
    anomalyIds: row.anomaly_ids,
    isolation: row.isolation,
    alertIds: row.alert_ids,
    change: row.change,
    changedBy: row.changed_by,
    version: Number(row.version),
  });
}

function placeholder(): Incident {
  const t = '1970-01-01T00:00:00.000Z';
  return {
    incidentId: '-',
    agentId: '-',
    openedAt: t,
    updatedAt: t,
    lastAnomalyAt: t,
    status: 'open',
    owner: '',
    note: '',
    maxScore: 0,
    severity: 'low',
    kinds: [],
    anomalyIds: [],
    isolation: 'none',
    alertIds: [],
    change: 'opened',
    changedBy: 'vigil',
    version: 1,
  };
}
