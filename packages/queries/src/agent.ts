import { sqlString } from '@vigil/runtime';
import { tableOf, type Reader } from './reader';

export interface AgentHour {
  hour: string;
  calls: number;
  bytes: number;
  errors: number;
  resource_shapes: number;
  users: number;
  anomalies: number;
}

/** The agent's hours from the rollups, oldest first; `hours` back from its latest hour with calls. */
export async function agentHours(
  read: Reader,
  database: string,
  agentId: string,
  hours: number,
): Promise<AgentHour[]> {
  const view = tableOf(database, 'agent_hourly');
  const span = Math.max(1, Math.trunc(hours));
  const rows = await read<Record<string, unknown>>(
    `SELECT hour, calls, bytes, errors, resource_shapes, users, anomalies FROM ${view}
     WHERE agent_id = ${sqlString(agentId)}
       AND hour > (SELECT max(hour) FROM ${view} WHERE agent_id = ${sqlString(agentId)}) - ${span * 3600}
     ORDER BY hour`,
  );
  return rows.map((row) => ({
    hour: String(row.hour),
    calls: Number(row.calls),
    bytes: Number(row.bytes),
    errors: Number(row.errors),
    resource_shapes: Number(row.resource_shapes),
    users: Number(row.users),
    anomalies: Number(row.anomalies),
  }));
}

export interface KnownGround {
  kind: 'server' | 'tool' | 'resource';
  name: string;
  calls: number;
  first_seen: string;
  last_seen: string;
}

/**
 * The servers, tools and resources an agent has used, most used first (at most `limit` of each):
 * the ground it knows, beside which a first step stands out.
 */
export async function agentKnownGround(
  read: Reader,
  database: string,
  agentId: string,
  limit = 20,
): Promise<KnownGround[]> {
  const raw = tableOf(database, 'audit_events_raw');
  const top = Math.max(1, Math.trunc(limit));
  const part = (kind: KnownGround['kind'], column: string) =>
    `SELECT '${kind}' AS kind, ${column} AS name, count() AS calls, min(event_time) AS first_seen, max(event_time) AS last_seen
     FROM ${raw} WHERE agent_id = ${sqlString(agentId)} AND ${column} != ''
     GROUP BY name ORDER BY calls DESC, name LIMIT ${top}`;
  const rows = await read<Record<string, unknown>>(
    `SELECT kind, name, calls, first_seen, last_seen FROM
     (${part('server', 'server_id')} UNION ALL ${part('tool', 'tool_name')} UNION ALL ${part('resource', 'resource_uri')})
     ORDER BY kind, calls DESC, name`,
  );
  return rows.map((row) => ({
    kind: row.kind as KnownGround['kind'],
    name: String(row.name),
    calls: Number(row.calls),
    first_seen: String(row.first_seen),
    last_seen: String(row.last_seen),
  }));
}
