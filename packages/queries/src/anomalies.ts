import { sqlString, sqlStringList } from '@vigil/runtime';
import { tableOf, type Reader } from './reader';

export interface StoredAnomaly {
  anomaly_id: string;
  detected_at: string;
  event_time: string;
  agent_id: string;
  kind: string;
  score: number;
  severity: string;
  observed: string;
  expected: string;
  explanation: string;
  evidence_event_ids: string[];
  count: number;
  version: number;
}

export interface EvidenceEvent {
  event_id: string;
  event_time: string;
  method: string;
  server_id: string;
  tool_name: string;
  resource_uri: string;
  outcome: string;
  response_bytes: number;
  on_behalf_of: string;
  token_id: string;
  token_status: string;
  token_status_reason: string;
}

const ANOMALY_COLUMNS =
  'anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids, count, version';

const numbers = (row: StoredAnomaly): StoredAnomaly => ({
  ...row,
  score: Number(row.score),
  count: Number(row.count),
  version: Number(row.version),
});

/** The latest versions of these anomalies, in event-time order. */
export async function anomaliesByIds(
  read: Reader,
  database: string,
  anomalyIds: readonly string[],
): Promise<StoredAnomaly[]> {
  if (anomalyIds.length === 0) return [];
  const rows = await read<StoredAnomaly>(
    `SELECT ${ANOMALY_COLUMNS} FROM ${tableOf(database, 'anomalies')} FINAL
     WHERE anomaly_id IN ${sqlStringList([...new Set(anomalyIds)])} ORDER BY event_time, anomaly_id`,
  );
  return rows.map(numbers);
}

/** The calls an anomaly names as its evidence, with the identity verdict at their time. */
export async function evidenceEvents(
  read: Reader,
  database: string,
  anomaly: Pick<StoredAnomaly, 'agent_id' | 'evidence_event_ids'>,
): Promise<EvidenceEvent[]> {
  if (anomaly.evidence_event_ids.length === 0) return [];
  const rows = await read<EvidenceEvent>(
    `SELECT event_id, event_time, method, server_id, tool_name, resource_uri, outcome, response_bytes,
            on_behalf_of, token_id, token_status, token_status_reason
     FROM ${tableOf(database, 'audit_events')}
     WHERE agent_id = ${sqlString(anomaly.agent_id)} AND event_id IN ${sqlStringList(anomaly.evidence_event_ids)}
     ORDER BY event_time, event_id`,
  );
  return rows.map((row) => ({ ...row, response_bytes: Number(row.response_bytes) }));
}
