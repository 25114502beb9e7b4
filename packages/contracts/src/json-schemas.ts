import { z } from 'zod';
import { Anomaly } from './anomaly';
import { AuditEvent } from './audit-event';
import { AgentgatewayLogRecord, DockerMcpAuditEvent } from './gateway-records';
import { IdentityEvent } from './identity-event';
import { Incident } from './incident';
import { IsolationAlert } from './isolation-alert';

/** Every message Vigil reads or writes, by the file name of its JSON Schema in `schemas/`. */
export const MESSAGE_SCHEMAS = {
  'audit-event': AuditEvent,
  'identity-event': IdentityEvent,
  anomaly: Anomaly,
  'isolation-alert': IsolationAlert,
  incident: Incident,
  'agentgateway-log-record': AgentgatewayLogRecord,
  'docker-mcp-audit-event': DockerMcpAuditEvent,
} as const;

/** JSON Schema documents, keyed by file name, exactly as they are committed in `schemas/`. */
export function renderJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(MESSAGE_SCHEMAS)) {
    const document = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    files[`${name}.schema.json`] =
      JSON.stringify({ $id: `vigil/${name}`, ...document }, null, 2) + '\n';
  }
  return files;
}
