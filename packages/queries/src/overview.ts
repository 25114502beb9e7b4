import { sqlString } from '@vigil/runtime';
import { tableOf, type Reader } from './reader';

export interface DailyCount {
  day: string;
  kind: string;
  severity: string;
  anomalies: number;
}

/** Anomalies (one per cause) per day, kind and severity: the incidents page's counts over time. */
export async function anomalyCountsByDay(read: Reader, database: string): Promise<DailyCount[]> {
  const rows = await read<Record<string, unknown>>(
    `SELECT toString(toDate(event_time)) AS day, kind, severity, count() AS anomalies
     FROM ${tableOf(database, 'anomalies_latest')}
     GROUP BY day, kind, severity ORDER BY day, kind, severity`,
  );
  return rows.map((row) => ({
    day: String(row.day),
    kind: String(row.kind),
    severity: String(row.severity),
    anomalies: Number(row.anomalies),
  }));
}

export interface IsolationRecord {
  alert_id: string;
  action: string;
  severity: string;
  score: number;
  reason: string;
  target: string;
  created_at: string;
  status: string;
  attempts: number;
}

/** An agent's isolation alerts and their delivery to each target, newest first. */
export async function agentIsolations(
  read: Reader,
  database: string,
  agentId: string,
): Promise<IsolationRecord[]> {
  const rows = await read<IsolationRecord>(
    `SELECT alert_id, action, severity, score, reason, target, created_at, status, attempts
     FROM ${tableOf(database, 'isolations')} FINAL
     WHERE agent_id = ${sqlString(agentId)} ORDER BY created_at DESC, alert_id, target`,
  );
  return rows.map((row) => ({ ...row, score: Number(row.score), attempts: Number(row.attempts) }));
}
