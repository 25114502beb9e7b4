import { appendEnrichment } from '@vigil/contracts';
import { insertNewRows, sendInChunks, type ServiceContext } from '@vigil/runtime';
import type { EnricherConfig } from './config';
import type { EnrichedOutput } from './enrichment-stage';
import { toEnrichmentRow } from './enrichment-row';

/**
 * Stores each event's enrichment once in ClickHouse and sends it on to the
 * detector keyed by agent, both at once. Re-judged events are only sent: their row is
 * written once, and the anomaly the detector raises carries the new verdict.
 */
export function createEnrichedOutput(context: ServiceContext<EnricherConfig>) {
  const { config, clickhouse, producer, metrics } = context;
  return async function send(outputs: EnrichedOutput[]): Promise<void> {
    if (outputs.length === 0) return;
    const now = Date.now();
    const firstJudgements = outputs.filter((o) => !o.envelope.reassessed);
    // The row and the message go out together, and both are done before the stage commits: a crash
    // in between replays the batch, whose row is then found stored and whose event the detector
    // counts once (by its id). Waiting for ClickHouse before sending put its round trips on every
    // event's way to detection.
    await Promise.all([
      insertNewRows(
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
          // The sort key's prefix: the lookup reads the batch's agents over the batch's event times
          // (a replayed event keeps its time), not all they ever did.
          scope: { column: 'agent_id', of: (row) => row.agent_id },
          timeRange: { column: 'event_time', of: (row) => row.event_time },
        },
      ),
      sendInChunks(
        producer,
        config.VIGIL_TOPIC_ENRICHED,
        outputs.map(({ envelope }) => ({
          key: envelope.event.agentId,
          // The audit partition it came from: per-partition order holds to the detector.
          partition: envelope.source.partition,
          // The event's bytes as received, the enrichment appended: the event is not written out again.
          value: appendEnrichment(envelope.head, envelope.enrichment, envelope.reassessed),
        })),
      ),
    ]);
    const topic = config.VIGIL_TOPIC_ACCEPTED;
    metrics.accepted.inc({ topic }, firstJudgements.length);
    metrics.late.inc({ topic }, outputs.filter((o) => o.late).length);
  };
}
