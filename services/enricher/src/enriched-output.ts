import { appendEnrichment } from '@vigil/contracts';
import { insertNewRows, sendInChunks, type ServiceContext } from '@vigil/runtime';
import type { EnricherConfig } from './config';
import type { EnrichedOutput } from './enrichment-stage';
import { toEnrichmentRow } from './enrichment-row';

/**
 * Stores each event's enrichment once in ClickHouse, then sends it on to the
 * detector keyed by agent. Re-judged events are only sent: their row is
 * written once, and the anomaly the detector raises carries the new verdict.
 */
export function createEnrichedOutput(context: ServiceContext<EnricherConfig>) {
  const { config, clickhouse, producer, metrics } = context;
  return async function send(outputs: EnrichedOutput[]): Promise<void> {
    if (outputs.length === 0) return;
    const now = Date.now();
    const firstJudgements = outputs.filter((o) => !o.envelope.reassessed);
    await insertNewRows(
      clickhouse,
      firstJudgements.map(({ envelope: { event, timeMs, enrichment }, late }) =>
        toEnrichmentRow(
          event,
          timeMs,
          enrichment ?? { tokenStatus: 'unknown', userStatus: 'unknown' },
          late,
          now,
        ),
      ),
      {
        database: config.CLICKHOUSE_DATABASE,
        table: 'audit_enrichments',
        idColumn: 'event_id',
        idOf: (row) => row.event_id,
        // The sort key's prefix: the lookup reads the batch's agents, not the whole table.
        scope: { column: 'agent_id', of: (row) => row.agent_id },
      },
    );
    await sendInChunks(
      producer,
      config.VIGIL_TOPIC_ENRICHED,
      outputs.map(({ envelope }) => ({
        key: envelope.event.agentId,
        // The audit partition it came from: per-partition order holds to the detector.
        partition: envelope.source.partition,
        // The event's bytes as received, the enrichment appended: the event is not written out again.
        value: appendEnrichment(envelope.head, envelope.enrichment, envelope.reassessed),
      })),
    );
    const topic = config.VIGIL_TOPIC_ACCEPTED;
    metrics.accepted.inc({ topic }, firstJudgements.length);
    metrics.late.inc({ topic }, outputs.filter((o) => o.late).length);
  };
}
