import { appendEnrichment } from '@vigil/contracts';
import { insertNewRows, sendInChunks, type ServiceContext } from '@vigil/runtime';
import type { EnricherConfig } from './config';
import type { EnrichedOutput } from './enrichment-stage';
import { toEnrichmentRow } from './enrichment-row';

/**
 * The enricher's writes: each event sent on to the detector keyed by agent
 * (`forward`), and its enrichment stored once in ClickHouse (`persist`), which
 * the audit stage lets trail its reading: detection does not wait for the rows.
 * Re-judged events are only sent: their row is written once, and the anomaly
 * the detector raises carries the new verdict.
 */
export function createEnrichedOutput(context: ServiceContext<EnricherConfig>) {
  const { config, clickhouse, producer, metrics } = context;

  async function forward(outputs: EnrichedOutput[]): Promise<void> {
    if (outputs.length === 0) return;
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
    metrics.accepted.inc({ topic }, outputs.filter((o) => !o.envelope.reassessed).length);
    metrics.late.inc({ topic }, outputs.filter((o) => o.late).length);
  }

  async function persist(outputs: EnrichedOutput[]): Promise<void> {
    const now = Date.now();
    const rows = outputs
      .filter((o) => !o.envelope.reassessed)
      .map(({ envelope: { event, timeMs, enrichment }, late }) =>
        toEnrichmentRow(
          event,
          timeMs,
          enrichment ?? { tokenStatus: 'unknown', userStatus: 'unknown' },
          late,
          now,
        ),
      );
    if (rows.length === 0) return;
    await insertNewRows(clickhouse, rows, {
      database: config.CLICKHOUSE_DATABASE,
      table: 'audit_enrichments',
      idColumn: 'event_id',
      idOf: (row) => row.event_id,
      // The sort key's prefix: the lookup reads the batch's agents over the batch's event times
      // (a replayed event keeps its time), not all they ever did.
      scope: { column: 'agent_id', of: (row) => row.agent_id },
      timeRange: { column: 'event_time', of: (row) => row.event_time },
    });
  }

  return {
    forward,
    persist,
    /** Both at once, for what is written as one step (events an identity event releases). */
    send: async (outputs: EnrichedOutput[]) => {
      await Promise.all([forward(outputs), persist(outputs)]);
    },
  };
}
