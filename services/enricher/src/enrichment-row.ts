import type { AuditEvent, Enrichment } from '@vigil/contracts';
import { toClickHouseDateTime } from '@vigil/runtime';

/** The `audit_enrichments` row of one judged event. */
export function toEnrichmentRow(
  event: AuditEvent,
  /** The event time the collector parsed (the envelope's header). */
  timeMs: number,
  enrichment: Enrichment,
  late: boolean,
  enrichedAtMs: number,
) {
  return {
    event_id: event.eventId,
    event_time: toClickHouseDateTime(timeMs),
    agent_id: event.agentId,
    token_status: enrichment.tokenStatus,
    token_status_reason: enrichment.tokenStatusReason ?? '',
    token_subject: enrichment.tokenSubject ?? '',
    token_agent_id: enrichment.tokenAgentId ?? '',
    user_status: enrichment.userStatus,
    actor_chain: enrichment.actorChain ?? [],
    scopes: enrichment.scopes ?? [],
    late: late ? 1 : 0,
    enriched_at: toClickHouseDateTime(enrichedAtMs),
  };
}
