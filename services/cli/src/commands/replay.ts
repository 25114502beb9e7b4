import { AuditEvent, Enrichment, type Anomaly } from '@vigil/contracts';
import { toAnomalyRow } from '@vigil/detector/anomaly-row';
import { createDetectionEngine, type CoreAnomaly } from '@vigil/detectors';
import {
  DEFAULT_MIGRATIONS_DIR,
  insertRows,
  migrate,
  readMigrations,
  sqlIdentifier,
  sqlString,
} from '@vigil/runtime';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError, type Run } from '../run';

/** Rows read and scored per round trip. */
const PAGE = 20_000;

/**
 * Re-runs detection over the audit events stored between two times, with their stored identity
 * verdicts, into a fresh database: the events are copied there (which fills its rollups), the
 * detection engine (this checkout's, with VIGIL_DETECTION_CONFIG if set) scores them in event-time
 * order, and every anomaly version is written to its `anomalies`. Compare the two databases with
 * the queries of docs/queries.md.
 */
export function registerReplay(program: Command, run: Run): void {
  program
    .command('replay')
    .description(
      're-run detection over stored audit events into a fresh database, with progress and ETA',
    )
    .requiredOption('--from <time>', 'first event time (RFC 3339)')
    .requiredOption('--to <time>', 'end of the range, exclusive (RFC 3339)')
    .option('--into <database>', 'the fresh database (default <database>_replay_<unix time>)')
    .action((options: { from: string; to: string; into?: string }) =>
      run(async ({ connections, output }) => {
        const { clickhouse, read, database } = connections;
        const [from, to] = [options.from, options.to].map(toDateTime) as [string, string];
        const target = sqlIdentifier(
          options.into ?? `${database}_replay_${Math.floor(Date.now() / 1000)}`,
        );
        const [existing] = await read<{ n: string }>(
          `SELECT count() AS n FROM system.databases WHERE name = ${sqlString(target)}`,
        );
        if (Number(existing?.n) > 0)
          throw new CliError(`database ${target} exists: replay writes into a fresh one`);
        await migrate(clickhouse, target, readMigrations(DEFAULT_MIGRATIONS_DIR, target));
        const range = `event_time >= toDateTime(${sqlString(from)}) AND event_time < toDateTime(${sqlString(to)})`;
        for (const table of ['audit_events_raw', 'audit_enrichments']) {
          await clickhouse.command({
            query: `INSERT INTO ${target}.${table} SELECT * FROM ${sqlIdentifier(database)}.${table} WHERE ${range}`,
          });
        }
        const [counted] = await read<{ n: string }>(
          `SELECT count() AS n FROM ${target}.audit_events`,
        );
        const total = Number(counted?.n ?? 0);

        const engine = createDetectionEngine(detectionConfig());
        const bar = new SingleBar({
          format:
            'replay [{bar}] {percentage}% | {value}/{total} events | {anomalies} anomalies | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
          // In a pipe or a log, a plain line every few seconds instead of a redrawn bar.
          noTTYOutput: true,
          notTTYSchedule: 5_000,
        });
        bar.start(total, 0, { anomalies: 0 });
        const detectedAt = new Date().toISOString();
        const store = (found: CoreAnomaly[]) =>
          insertRows(
            clickhouse,
            target,
            'anomalies',
            found.map((a): Anomaly => ({ ...a, detectedAt })).map(toAnomalyRow),
          );
        let done = 0;
        let anomalies = 0;
        let after: [string, string] = ['1970-01-01 00:00:00', ''];
        while (done < total) {
          const rows = await read<Record<string, unknown>>(
            `SELECT * FROM ${target}.audit_events
             WHERE (event_time, event_id) > (toDateTime(${sqlString(after[0])}), ${sqlString(after[1])})
             ORDER BY event_time, event_id LIMIT ${PAGE}`,
          );
          if (rows.length === 0) break;
          const found: CoreAnomaly[] = [];
          for (const row of rows)
            found.push(...engine.ingest({ ...fromStoredRow(row), partition: 0 }).anomalies);
          await store(found);
          const last = rows.at(-1) as Record<string, unknown>;
          after = [String(last.event_time), String(last.event_id)];
          done += rows.length;
          anomalies += found.length;
          bar.update(done, { anomalies });
        }
        const rest = engine.flush();
        await store(rest);
        anomalies += rest.length;
        bar.update(done, { anomalies });
        bar.stop();
        const summary = {
          database: target,
          from: options.from,
          to: options.to,
          events: done,
          anomalyVersions: anomalies,
        };
        if (output.json) return output.data(summary);
        output.line(
          `replayed ${done} events into ${target}: ${anomalies} anomaly versions (vigil explain and docs/queries.md work on it with CLICKHOUSE_DATABASE=${target})`,
        );
      }),
    );
}

function toDateTime(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms))
    throw new CliError(`not a time: ${time} (use RFC 3339, e.g. 2026-03-02T00:00:00Z)`);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function detectionConfig(): object {
  const text = process.env.VIGIL_DETECTION_CONFIG;
  if (!text) return {};
  try {
    return JSON.parse(text) as object;
  } catch {
    throw new CliError('VIGIL_DETECTION_CONFIG: must be JSON');
  }
}

/** An `audit_events` row back into the event and enrichment the detector read (validated, like any input). */
function fromStoredRow(row: Record<string, unknown>): {
  event: AuditEvent;
  enrichment: Enrichment;
} {
  const text = (column: string) => {
    const value = row[column];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const number = (column: string) => (row[column] === undefined ? undefined : Number(row[column]));
  const optional = (fields: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const event = AuditEvent.parse(
    optional({
      eventId: text('event_id'),
      time: `${String(row.event_time).replace(' ', 'T')}Z`,
      agentId: text('agent_id'),
      method: text('method'),
      serverId: text('server_id'),
      outcome: text('outcome'),
      toolName: text('tool_name'),
      resourceUri: text('resource_uri'),
      sessionId: text('session_id'),
      tokenId: text('token_id'),
      onBehalfOf: text('on_behalf_of'),
      requestBytes: number('request_bytes'),
      responseBytes: number('response_bytes'),
      durationMs: number('duration_ms'),
      gatewayId: text('gateway_id'),
      sourceIp: text('source_ip'),
      serverVersion: text('server_version'),
      toolSchemaHash: text('tool_schema_hash'),
    }),
  );
  const status = text('token_status');
  const enrichment = Enrichment.parse(
    optional({
      tokenStatus: status === 'pending' || status === undefined ? 'unknown' : status,
      tokenStatusReason: text('token_status_reason'),
      tokenSubject: text('token_subject'),
      tokenAgentId: text('token_agent_id'),
      userStatus: text('user_status') ?? 'unknown',
      scopes: (row.scopes as string[] | undefined)?.length ? row.scopes : undefined,
      actorChain: (row.actor_chain as string[] | undefined)?.length ? row.actor_chain : undefined,
    }),
  );
  return { event, enrichment };
}
