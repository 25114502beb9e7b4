/** Default topic names; each is overridable by an environment variable in the services' config. */
export const DEFAULT_TOPICS = {
  audit: 'mcp.audit.v1',
  identity: 'identity.events.v1',
  anomalies: 'vigil.anomalies.v1',
  isolations: 'vigil.isolations.v1',
  deadLetter: 'vigil.dlq.v1',
  incidents: 'vigil.incidents.v1',
  /** Internal: people's actions on incidents (CLI, console → incidents stage). */
  incidentActions: 'vigil.incident.actions.v1',
  /** OTLP traces or logs carrying the OpenTelemetry MCP conventions (`otlp_json` or `otlp_proto`). */
  otlp: 'mcp.otlp.v1',
  /** agentgateway JSON log records. */
  agentgateway: 'mcp.gateway.agentgateway.v1',
  /** Docker MCP Gateway `AuditEvent` JSON. */
  dockerGateway: 'mcp.gateway.docker.v1',
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
