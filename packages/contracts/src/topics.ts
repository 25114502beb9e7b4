/** Default topic names; each is overridable by an environment variable in the services' config. */
export const DEFAULT_TOPICS = {
  audit: 'mcp.audit.v1',
  identity: 'identity.events.v1',
  anomalies: 'vigil.anomalies.v1',
  isolations: 'vigil.isolations.v1',
  deadLetter: 'vigil.dlq.v1',
  /** Internal: accepted, deduplicated audit events (collector → enricher). */
  accepted: 'vigil.audit.accepted.v1',
  /** Internal: enriched audit events (enricher → detector). */
  enriched: 'vigil.audit.enriched.v1',
} as const;

/** Headers on every dead-lettered message. */
export const DLQ_HEADERS = {
  error: 'vigil-error',
  sourceTopic: 'vigil-source-topic',
} as const;
