import type { Incident, IncidentStatus, Severity } from '@vigil/contracts';
import { sqlString, sqlStringList } from '@vigil/runtime';
import { fromIncidentRow, INCIDENT_COLUMNS } from './incident-row';
import { tableOf, type Reader } from './reader';

const sqlArray = (values: readonly string[]) => `[${values.map(sqlString).join(', ')}]`;

/**
 * What the incidents stage needs before it applies a batch: the latest version of each of these
 * agents' incidents that is still open or acknowledged, or that holds one of these anomalies
 * (a later version of an anomaly stays in its incident, even a closed one).
 */
export async function knownIncidents(
  read: Reader,
  database: string,
  scope: { agentIds: readonly string[]; anomalyIds: readonly string[] },
): Promise<Incident[]> {
  if (scope.agentIds.length === 0) return [];
  const holding =
    scope.anomalyIds.length > 0 ? ` OR hasAny(anomaly_ids, ${sqlArray(scope.anomalyIds)})` : '';
  const rows = await read(
    `SELECT ${INCIDENT_COLUMNS} FROM ${tableOf(database, 'incidents')} FINAL
     WHERE agent_id IN ${sqlStringList([...new Set(scope.agentIds)])} AND (status != 'closed'${holding})`,
  );
  return rows.map(fromIncidentRow);
}

export interface IncidentFilter {
  incidentId?: string;
  status?: IncidentStatus;
  agentId?: string;
  severity?: Severity;
  kind?: string;
  /** Only incidents with an anomaly at or after this time (RFC 3339). */
  since?: string;
  limit?: number;
}

/** The latest version of each incident, most recently active first. */
export async function listIncidents(
  read: Reader,
  database: string,
  filter: IncidentFilter = {},
): Promise<Incident[]> {
  const where = ['1'];
  if (filter.incidentId) where.push(`incident_id = ${sqlString(filter.incidentId)}`);
  if (filter.status) where.push(`status = ${sqlString(filter.status)}`);
  if (filter.agentId) where.push(`agent_id = ${sqlString(filter.agentId)}`);
  if (filter.severity) where.push(`severity = ${sqlString(filter.severity)}`);
  if (filter.kind) where.push(`has(kinds, ${sqlString(filter.kind)})`);
  if (filter.since) {
    where.push(
      `last_anomaly_at >= toDateTime(${sqlString(filter.since.slice(0, 19).replace('T', ' '))})`,
    );
  }
  const limit = Math.max(1, Math.min(10_000, Math.trunc(filter.limit ?? 100)));
  const rows = await read(
    `SELECT ${INCIDENT_COLUMNS} FROM ${tableOf(database, 'incidents')} FINAL
     WHERE ${where.join(' AND ')} ORDER BY last_anomaly_at DESC, incident_id LIMIT ${limit}`,
  );
  return rows.map(fromIncidentRow);
}

/** One change of an incident: what made the version, who, and when. */
export interface IncidentChangeRow {
  version: number;
  updatedAt: string;
  change: string;
  changedBy: string;
  status: string;
  owner: string;
  note: string;
  isolation: string;
  maxScore: number;
}

/** Every version of one incident, oldest first, from `incident_history` (`incidents` keeps only the latest once merged). */
export async function incidentHistory(
  read: Reader,
  database: string,
  incidentId: string,
): Promise<IncidentChangeRow[]> {
  const rows = await read<Record<string, unknown>>(
    `SELECT version, updated_at, change, changed_by, status, owner, note, isolation, max_score
     FROM ${tableOf(database, 'incident_history')}
     WHERE incident_id = ${sqlString(incidentId)} ORDER BY version`,
  );
  // A version written twice (a replay racing a rebalance) shows once.
  const byVersion = new Map<number, IncidentChangeRow>();
  for (const row of rows) {
    byVersion.set(Number(row.version), {
      version: Number(row.version),
      updatedAt: `${String(row.updated_at).replace(' ', 'T')}Z`,
      change: String(row.change),
      changedBy: String(row.changed_by),
      status: String(row.status),
      owner: String(row.owner),
      note: String(row.note),
      isolation: String(row.isolation),
      maxScore: Number(row.max_score),
    });
  }
  return [...byVersion.values()];
}
