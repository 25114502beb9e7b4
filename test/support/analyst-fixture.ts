import { toClickHouseDateTime } from '@vigil/runtime';
import { insertSql } from './sql-servers';

/**
 * A small labelled day for the analysts' queries: `agent-exfil` pulls customer exports for
 * `user-7` and is isolated at 10:30; `agent-stale` keeps using the revoked `tok-revoked`;
 * `agent-new` calls `payroll` for the first time yesterday, `agent-old` called `crm` a month ago.
 */
const MB = 1_000_000;
const day = (time: string) => `2026-03-02 ${time}`;
const daysAgo = (days: number) => toClickHouseDateTime(Date.now() - days * 86_400_000);

const event = (
  id: string,
  time: string,
  agent: string,
  fields: {
    server?: string;
    uri?: string;
    user?: string;
    bytes?: number;
    token?: string;
    outcome?: string;
  } = {},
) => ({
  event_id: id,
  event_time: time,
  agent_id: agent,
  method: 'tools/call',
  server_id: fields.server ?? 'crm',
  outcome: fields.outcome ?? 'ok',
  tool_name: 'export_customers',
  resource_uri: fields.uri ?? `crm://customers/export/${id}`,
  token_id: fields.token ?? `tok-${agent}`,
  on_behalf_of: fields.user ?? 'user-7',
  request_bytes: 200,
  response_bytes: fields.bytes ?? 10_000,
  ingested_at: time,
});

export const auditEvents = [
  event('x-06', day('06:20:00'), 'agent-exfil', { bytes: 100_000 }),
  event('x-07', day('07:20:00'), 'agent-exfil', { bytes: 100_000 }),
  event('x-08', day('08:20:00'), 'agent-exfil', { bytes: 100_000, outcome: 'error' }),
  event('x-e1', day('09:00:00'), 'agent-exfil', { bytes: 1 * MB }),
  event('x-e2', day('09:45:00'), 'agent-exfil', { bytes: 30 * MB }),
  event('x-e3', day('10:10:00'), 'agent-exfil', { bytes: 40 * MB }),
  event('x-e4', day('10:15:00'), 'agent-exfil', { user: 'user-8' }),
  event('x-e5', day('10:40:00'), 'agent-exfil'),
  event('s-1', day('11:00:00'), 'agent-stale', { token: 'tok-revoked', user: 'user-3' }),
  event('s-2', day('11:05:00'), 'agent-stale', { token: 'tok-revoked', user: 'user-4' }),
  event('o-1', daysAgo(30), 'agent-old'),
  event('o-2', daysAgo(1), 'agent-old'),
  event('n-1', daysAgo(1), 'agent-new', { server: 'payroll', uri: 'payroll://runs/2026-11' }),
];

export const enrichments = auditEvents.map((e) => ({
  event_id: e.event_id,
  event_time: e.event_time,
  agent_id: e.agent_id,
  token_status: e.token_id === 'tok-revoked' ? 'revoked' : 'active',
  token_status_reason: e.token_id === 'tok-revoked' ? 'token revoked at 2026-03-02T10:50:00Z' : '',
  token_subject: e.on_behalf_of,
  token_agent_id: e.agent_id,
  user_status: 'active',
  enriched_at: e.event_time,
}));

const anomalyVersion = (version: number, evidence: string[]) => ({
  anomaly_id: 'an-exfil',
  detected_at: day('10:10:05'),
  event_time: day('10:10:00'),
  agent_id: 'agent-exfil',
  kind: 'payload_size',
  score: 90 + version,
  severity: 'critical',
  observed: '40 MB in one response',
  expected: 'under 2 MB',
  explanation: 'Agent agent-exfil received 40 MB from crm, 20 times its usual maximum.',
  evidence_event_ids: evidence,
  count: version,
  version,
});
export const anomalies = [anomalyVersion(1, ['x-e3']), anomalyVersion(2, ['x-e2', 'x-e3'])];

export const isolations = [
  {
    delivery_id: 'al-1/on-call',
    alert_id: 'al-1',
    agent_id: 'agent-exfil',
    action: 'isolate',
    severity: 'critical',
    score: 92,
    reason: 'Agent agent-exfil should be isolated.',
    anomaly_ids: ['an-exfil'],
    target: 'on-call',
    created_at: day('10:30:00'),
    settled_at: day('10:30:01'),
    status: 'delivered',
    attempts: 1,
    last_error: '',
  },
];

const incidentVersion = (version: number, fields: Record<string, string>) => ({
  incident_id: 'inc-exfil',
  agent_id: 'agent-exfil',
  opened_at: day('10:10:00'),
  updated_at: day('10:10:05'),
  last_anomaly_at: day('10:10:00'),
  status: 'open',
  owner: '',
  note: '',
  max_score: 92,
  severity: 'critical',
  kinds: ['payload_size'],
  anomaly_ids: ['an-exfil'],
  isolation: 'none',
  alert_ids: [] as string[],
  change: 'opened',
  changed_by: 'vigil',
  version,
  ...fields,
});
export const incidents = [
  incidentVersion(1, {}),
  incidentVersion(2, { isolation: 'isolated', change: 'isolated', updated_at: day('10:30:00') }),
  incidentVersion(3, {
    isolation: 'isolated',
    status: 'acknowledged',
    owner: 'ana',
    note: 'exports to a new bucket',
    change: 'acknowledged',
    changed_by: 'ana',
    updated_at: day('10:45:00'),
  }),
];

/** Writes the whole fixture into a migrated database on one server. */
export async function loadAnalystFixture(
  command: (sql: string) => Promise<void>,
  database: string,
): Promise<void> {
  const tables: Array<
    [string, ReadonlyArray<Record<string, string | number | readonly string[]>>]
  > = [
    ['audit_events_raw', auditEvents],
    ['audit_enrichments', enrichments],
    ['anomalies', anomalies],
    ['isolations', isolations],
    ['incidents', incidents],
  ];
  for (const [table, rows] of tables) await command(insertSql(`${database}.${table}`, rows));
}
