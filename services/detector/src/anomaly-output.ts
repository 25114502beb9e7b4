import type { Anomaly } from '@vigil/contracts';
import { isServerWide, type CoreAnomaly } from '@vigil/detectors';
import { insertNewRows, sendInChunks, type ServiceContext } from '@vigil/runtime';
import { toAnomalyRow } from './anomaly-row';
import { createServerWideRows } from './server-wide-rows';
import type { DetectorConfig } from './config';

/**
 * Every version of every anomaly goes to `vigil.anomalies.v1` first (`publish`: it is
 * what on-call's consumers wait for), and each version once to ClickHouse (`storeRows`).
 * One cause keeps its deterministic anomaly id and gets a new version when it repeats,
 * so a replayed batch finds its (id, version) rows stored and writes nothing twice,
 * while a new version is always written; the topic is at-least-once (consumers key on
 * anomalyId and version). `publish` returns them all, stamped: a replay offers them to
 * the policy again, and the deterministic alert id lets the outbox and receivers see it
 * is the same alert. A server-wide cause has a writer in every instance its agents are
 * held by: its rows go through `createServerWideRows`, which keeps them on one anchor.
 */
export function createAnomalyOutput(context: ServiceContext<DetectorConfig>) {
  const { config, clickhouse, producer } = context;
  const serverWide = createServerWideRows(clickhouse, config.CLICKHOUSE_DATABASE);
  return {
    async publish(found: CoreAnomaly[]): Promise<Anomaly[]> {
      if (found.length === 0) return [];
      const detectedAt = new Date().toISOString();
      const anomalies: Anomaly[] = found.map((a) => ({ ...a, detectedAt }));
      await sendInChunks(
        producer,
        config.VIGIL_TOPIC_ANOMALIES,
        anomalies.map((a) => ({ key: a.agentId, value: JSON.stringify(a) })),
      );
      return anomalies;
    },

    /** Returns how many server-wide anomalies it found stored under two anchors and settled. */
    async storeRows(anomalies: Anomaly[]): Promise<number> {
      const rows = anomalies.map(toAnomalyRow);
      const settled = await serverWide.store(rows.filter((row) => isServerWide(row.kind)));
      await insertNewRows(
        clickhouse,
        rows.filter((row) => !isServerWide(row.kind)),
        {
          database: config.CLICKHOUSE_DATABASE,
          table: 'anomalies',
          idColumn: 'anomaly_id',
          idOf: (row) => row.anomaly_id,
          version: { column: 'version', of: (row) => row.version },
          scope: { column: 'agent_id', of: (row) => row.agent_id },
        },
      );
      return settled;
    },
  };
}
