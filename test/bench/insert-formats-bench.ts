// What a ClickHouse insert costs in each input format, client and server side, on the rows the
// stages really write: audit_events_raw (the collector), audit_enrichments (the enricher) and
// anomalies (the detector), built by their own row builders from a fleet family's stream run
// through the pure core. Each format inserts the same rows, one insert at a time as a stage does,
// into a database of its own that the migrations built (materialized views included): TabSeparated
// and JSONEachRow through the stages' own helpers, RowBinary through `exec` (./row-binary.ts). Then the audit rows again with the hourly view dropped,
// and replaced by one without the resource-shape regex, to price the view. Server CPU is the
// ClickHouse process's (/proc), counted until its merges settle, less what it spends idle.
// Run: npm run bench:inserts [-- --rows 60000 --batches 300,3000]   (the local stack must be up)
import { randomBytes, randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import type { Anomaly } from '@vigil/contracts';
import { createDetectionEngine, type DetectionEngine, type DetectorInput } from '@vigil/detectors';
import {
  DEFAULT_MIGRATIONS_DIR,
  insertFlatRows,
  insertRows,
  migrate,
  readMigrations,
  sqlIdentifier,
  sqlString,
  toClickHouseDateTime,
} from '@vigil/runtime';
import { toAuditRow } from '../../services/collector/src/audit-row';
import { toAnomalyRow } from '../../services/detector/src/anomaly-row';
import { toEnrichmentRow } from '../../services/enricher/src/enrichment-row';
import { familyNamed, generateFamily } from '../scenarios/families';
import { createCorePipeline } from '../scenarios/replay';
import { cpuSeconds, cpuTimes, stackPids } from './process-cpu';
import { insertRowBinary, type RowBinaryValue } from './row-binary';

const { values } = parseArgs({
  options: {
    family: { type: 'string', default: 'platform-ops' },
    rows: { type: 'string', default: '60000' },
    batches: { type: 'string', default: '300,3000' },
  },
  strict: true,
});
const ROWS = Number(values.rows);
const BATCHES = values.batches.split(',').map(Number);

type Row = Readonly<Record<string, RowBinaryValue>>;
const TABLES = ['audit_events_raw', 'audit_enrichments', 'anomalies'] as const;
const FORMATS = ['TabSeparated', 'JSONEachRow', 'RowBinary'] as const;
type Format = (typeof FORMATS)[number];

const clickhousePid = stackPids().clickhouse;
if (clickhousePid === undefined || cpuSeconds(clickhousePid) === undefined) {
  throw new Error('no ClickHouse process of the local stack (VIGIL_STACK_DIR) to read CPU from');
}
const client = createClient({
  url: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:18123',
  compression: { request: false, response: false },
});
const run = `bench_inserts_${randomBytes(3).toString('hex')}`;

const tables = buildRows(values.family, ROWS);
// ClickHouse's own background work, measured once the warm-up's merges are done.
let idlePerSecond = 0;
// The first inserts of each path compile it (V8) and warm the server: not what a running stage pays.
const warmUp = await freshDatabase('warm_up');
for (const table of TABLES) {
  for (const format of FORMATS)
    await insertAll(warmUp, table, tables[table].slice(0, 6_000), 1_000, format);
}
await client.command({ query: `DROP DATABASE ${warmUp}` });
idlePerSecond = await idleCpuPerSecond();
console.log(
  `rows per table and format: ${ROWS.toLocaleString('en')} (${values.family}); ClickHouse idle: ${(idlePerSecond * 1000).toFixed(1)} ms CPU/s, subtracted`,
);
console.log(
  'CPU µs per row: client (this process), server (ClickHouse from the first insert until its merges settle; kernel: its share in the kernel)',
);
console.log(
  'table                          | batch | format       |   rows/s | client | server | kernel |  total',
);
// ClickHouse's cost drifts within a run (parts of earlier runs removed late, other work on the
// cores): each group of formats starts with another one, from a random first.
let turn = randomInt(FORMATS.length);
for (const table of TABLES) {
  const rows = tables[table];
  for (const batch of BATCHES) {
    turn++;
    for (const format of [
      ...FORMATS.slice(turn % FORMATS.length),
      ...FORMATS.slice(0, turn % FORMATS.length),
    ]) {
      const database = await freshDatabase(`${format.toLowerCase()}_${batch}`);
      const cost = await insertAll(database, table, rows, batch, format);
      printRow(table, batch, format, cost);
      await client.command({ query: `DROP DATABASE ${database}` });
    }
  }
}

// The hourly view's share: the same audit rows without it, and with it minus the resource-shape regex.
console.log('\naudit_events_raw and the agent_hourly_events view (RowBinary):');
for (const batch of BATCHES) {
  for (const variant of ['with the view', 'no view', 'view without the regex'] as const) {
    const database = await freshDatabase(`view_${batch}`);
    if (variant !== 'with the view') await replaceHourlyView(database, variant);
    const cost = await insertAll(
      database,
      'audit_events_raw',
      tables.audit_events_raw,
      batch,
      'RowBinary',
    );
    printRow(`audit (${variant})`, batch, 'RowBinary', cost);
    await client.command({ query: `DROP DATABASE ${database}` });
  }
}
await client.close();

/** The stages' rows, each built by its stage's own builder, `count` of each table. */
function buildRows(family: string, count: number): Record<(typeof TABLES)[number], Row[]> {
  const scenario = generateFamily(familyNamed(family));
  const inputs: Array<{ input: DetectorInput; late: boolean }> = [];
  const real = createDetectionEngine({});
  const engine: DetectionEngine = Object.assign(Object.create(real) as DetectionEngine, {
    ingest(input: DetectorInput) {
      const result = real.ingest(input);
      inputs.push({ input, late: result.late });
      return result;
    },
  });
  const pipeline = createCorePipeline({ engine });
  const offsets = new Map<number, number>();
  const audit: Row[] = [];
  const seen = new Set<string>();
  const ingestedAt = toClickHouseDateTime(Date.now());
  for (const { topic, index } of scenario.deliveries) {
    if (topic === 'identity') {
      const event = scenario.identity[index];
      if (event) pipeline.offerIdentity(event);
      continue;
    }
    const delivered = scenario.audit[index];
    if (!delivered) continue;
    const { event, partition } = delivered;
    const offset = offsets.get(partition) ?? 0;
    offsets.set(partition, offset + 1);
    pipeline.offerAudit(event, partition);
    if (seen.has(event.eventId) || audit.length >= count) continue;
    seen.add(event.eventId);
    const timeMs = Date.parse(event.time);
    const candidate = {
      event,
      partition,
      offset: String(offset),
      timeMs,
      dateTime: toClickHouseDateTime(timeMs),
      original: Buffer.alloc(0),
    };
    audit.push(toAuditRow(candidate, ingestedAt));
  }
  const found = pipeline.finish();
  const now = Date.now();
  const enrichments = inputs
    .slice(0, count)
    .map(({ input, late }) =>
      toEnrichmentRow(
        input.event,
        Date.parse(input.event.time),
        input.enrichment ?? { tokenStatus: 'unknown', userStatus: 'unknown' },
        late,
        now,
      ),
    );
  // A run raises a few hundred anomaly versions: they repeat under new ids up to the count.
  const detectedAt = new Date(now).toISOString();
  const anomalies = Array.from({ length: count }, (_, i) => {
    const anomaly = found[i % found.length] as Omit<Anomaly, 'detectedAt'>;
    return toAnomalyRow({ ...anomaly, anomalyId: `${anomaly.anomalyId}-${i}`, detectedAt });
  });
  if (audit.length < count || enrichments.length < count || found.length === 0) {
    throw new Error(`the ${family} stream holds fewer than ${count} rows of a table`);
  }
  return { audit_events_raw: audit, audit_enrichments: enrichments, anomalies };
}

async function freshDatabase(name: string): Promise<string> {
  const database = `${run}_${name}`;
  await migrate(client, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
  return database;
}

/** Replaces the hourly events view: none at all, or one with every aggregate but the resource shapes. */
async function replaceHourlyView(database: string, variant: 'no view' | 'view without the regex') {
  const db = sqlIdentifier(database);
  await client.command({ query: `DROP TABLE ${db}.agent_hourly_events_mv` });
  if (variant === 'no view') return;
  await client.command({
    query: `CREATE MATERIALIZED VIEW ${db}.agent_hourly_events_mv TO ${db}.agent_hourly_events AS
      SELECT agent_id, toStartOfHour(event_time) AS hour, countState() AS calls,
             sumState(request_bytes + response_bytes) AS bytes, sumState(toUInt64(outcome != 'ok')) AS errors,
             uniqIfState(resource_uri, resource_uri != '') AS resource_shapes,
             uniqIfState(on_behalf_of, on_behalf_of != '') AS users
      FROM ${db}.audit_events_raw GROUP BY agent_id, hour`,
  });
}

async function insertAll(
  database: string,
  table: string,
  rows: Row[],
  batch: number,
  format: Format,
): Promise<Cost> {
  // TabSeparated takes no arrays here: they become literals before the clock starts.
  const flat = format === 'TabSeparated' ? rows.map(flatRow) : [];
  return measure(async () => {
    for (let first = 0; first < rows.length; first += batch) {
      const last = first + batch;
      if (format === 'RowBinary') {
        await insertRowBinary(client, database, table, rows.slice(first, last));
      } else if (format === 'JSONEachRow') {
        await insertRows(client, database, table, rows.slice(first, last));
      } else {
        await insertFlatRows(client, database, table, flat.slice(first, last));
      }
    }
  });
}

/** An Array(String) as TabSeparated takes it: the quoted-literal list, then escaped as any field. */
function flatRow(row: Row): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(row)) {
    flat[key] = typeof value === 'object' ? `[${value.map(sqlString).join(',')}]` : value;
  }
  return flat;
}

interface Cost {
  rowsPerSecond: number;
  clientUs: number;
  /** ClickHouse from the first insert until its merges settled: reading the format, writing parts, views, merges. */
  serverUs: number;
  /** The share of it spent in the kernel (files of parts written, read and removed). */
  kernelShare: number;
}

/** Wall time, this process's CPU, and ClickHouse's CPU from the first insert until its merges settle, per row. */
async function measure(insert: () => Promise<void>): Promise<Cost> {
  const serverBefore = cpuTimes(clickhousePid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await insert();
  const seconds = (performance.now() - started) / 1000;
  const clientSpent = process.cpuUsage(clientBefore);
  const settled = await settle();
  const serverAfter = cpuTimes(clickhousePid);
  const user = (serverAfter?.user ?? 0) - (serverBefore?.user ?? 0);
  const system = (serverAfter?.system ?? 0) - (serverBefore?.system ?? 0);
  return {
    rowsPerSecond: ROWS / seconds,
    clientUs: (clientSpent.user + clientSpent.system) / ROWS,
    serverUs: ((user + system - idlePerSecond * (seconds + settled)) * 1e6) / ROWS,
    kernelShare: system / (user + system),
  };
}

/** Waits until ClickHouse spends no more than idle for half a second (its merges done); returns the seconds waited. */
async function settle(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 120; i++) {
    const before = cpuSeconds(clickhousePid) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((cpuSeconds(clickhousePid) ?? 0) - before <= idlePerSecond * 0.5 + 0.01) break;
  }
  return (performance.now() - started) / 1000;
}

async function idleCpuPerSecond(): Promise<number> {
  const before = cpuSeconds(clickhousePid) ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return ((cpuSeconds(clickhousePid) ?? 0) - before) / 3;
}

function printRow(table: string, batch: number, format: Format, cost: Cost) {
  const cells = [
    table.padEnd(30),
    String(batch).padStart(5),
    format.padEnd(12),
    Math.round(cost.rowsPerSecond).toLocaleString('en').padStart(8),
    cost.clientUs.toFixed(1).padStart(6),
    cost.serverUs.toFixed(1).padStart(6),
    `${Math.round(cost.kernelShare * 100)}%`.padStart(6),
    (cost.clientUs + cost.serverUs).toFixed(1).padStart(6),
  ];
  console.log(cells.join(' | '));
}
