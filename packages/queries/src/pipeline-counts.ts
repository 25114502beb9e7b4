import { tableOf, type Reader } from './reader';

export interface PipelineCounts {
  /** Audit events stored in the last minute (by the time the collector stored them), per second. */
  eventsPerSecond: number;
  events: number;
  /** Events that arrived behind the watermark: stored, not scored. */
  late: number;
  /** Causes (latest version of each anomaly). */
  anomalies: number;
  openIncidents: number;
}

/** What `vigil status` shows of the data: how much, how fast, how late. */
export async function pipelineCounts(read: Reader, database: string): Promise<PipelineCounts> {
  const [row] = await read<Record<string, unknown>>(
    `SELECT
       (SELECT count() FROM ${tableOf(database, 'audit_events_raw')}) AS events,
       (SELECT count() FROM ${tableOf(database, 'audit_events_raw')} WHERE ingested_at >= now() - 60) / 60 AS events_per_second,
       (SELECT count() FROM ${tableOf(database, 'audit_enrichments')} WHERE late = 1) AS late,
       (SELECT uniqExact(anomaly_id) FROM ${tableOf(database, 'anomalies')}) AS anomalies,
       (SELECT count() FROM ${tableOf(database, 'incidents_latest')} WHERE status != 'closed') AS open_incidents`,
  );
  return {
    events: Number(row?.events ?? 0),
    eventsPerSecond: Number(row?.events_per_second ?? 0),
    late: Number(row?.late ?? 0),
    anomalies: Number(row?.anomalies ?? 0),
    openIncidents: Number(row?.open_incidents ?? 0),
  };
}
