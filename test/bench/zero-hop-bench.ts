// The upper bound of "fewer hops" (issue #10): the three stages' real pure code in ONE process,
// with no Kafka between them. One kafkajs consumer reads the audit topic (the identity topic read
// fully first); each batch is decoded and deduplicated (collector), joined with identity
// (enricher) and scored (detector); the rows the three services would write go to ClickHouse at
// most every 250 ms, trailing, and offsets are committed after them. Not included: forwarding to
// the accepted and enriched topics, anomaly publishing, dead letters, the detector's state
// changelog, alerts. Prints events/s end to end beside a bare kafkajs consumer in the same run.
// Run: npm run bench:zero-hop [-- --family platform-ops]   (the local stack must be up: npm run stack:up)
import { parseArgs } from 'node:util';
import { toEpochMs, type Anomaly, type PipelineEnvelope } from '@vigil/contracts';
import { createDetectionEngine, type CoreAnomaly } from '@vigil/detectors';
import { parseIdentityMessage } from '@vigil/identity';
import {
  DEFAULT_MIGRATIONS_DIR,
  findStoredRows,
  insertFlatRows,
  latestStoredTime,
  loadConfig,
  migrate,
  readMigrations,
  toClickHouseDateTime,
  type ServiceContext,
} from '@vigil/runtime';
import { toAuditRow } from '../../services/collector/src/audit-row';
import {
  dropRecentRepeats,
  planStore,
  type Candidate,
  type StoredPosition,
} from '../../services/collector/src/classify-batch';
import { CollectorConfig } from '../../services/collector/src/config';
import { decodeAuditMessage } from '../../services/collector/src/decode-audit-message';
import { lookupHorizon, mayBeStored } from '../../services/collector/src/lookup-horizon';
import { RecentIds } from '../../services/collector/src/recent-ids';
import { createAnomalyOutput } from '../../services/detector/src/anomaly-output';
import { DetectorConfig } from '../../services/detector/src/config';
import { PartitionActivity } from '../../services/detector/src/partition-activity';
import { EnricherConfig } from '../../services/enricher/src/config';
import { createEnrichedOutput } from '../../services/enricher/src/enriched-output';
import {
  createEnrichmentStage,
  type EnrichedOutput,
  type TimedIdentityEvent,
} from '../../services/enricher/src/enrichment-stage';
import { familyNamed, generateFamily } from '../scenarios/families';
import { feedScenario } from '../support/feed-scenario';
import { bareConsumerRate, benchPipeline } from './bench-kit';
import { cpuSeconds, stackPids } from './process-cpu';

const { values } = parseArgs({
  options: { family: { type: 'string', default: 'platform-ops' } },
  strict: true,
});
const scenario = generateFamily(familyNamed(values.family));
const bench = await benchPipeline('zerohop');
const env: Record<string, string> = {
  ...(bench.env as Record<string, string>),
  VIGIL_HTTP_PORT: '0',
};
const topics = { audit: env.VIGIL_TOPIC_AUDIT ?? '', identity: env.VIGIL_TOPIC_IDENTITY ?? '' };
const producer = bench.kafka.producer();
await producer.connect();
await feedScenario(producer, topics, scenario);
await producer.disconnect();
const database = env.CLICKHOUSE_DATABASE ?? '';
const { clickhouse } = bench;
await migrate(clickhouse, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));

const admin = bench.kafka.admin();
await admin.connect();
const auditEnds = await admin.fetchTopicOffsets(topics.audit);
const identityEnds = await admin.fetchTopicOffsets(topics.identity);
await admin.disconnect();
const sum = (ends: Array<{ high: string }>) => ends.reduce((n, end) => n + Number(end.high), 0);
const events = sum(auditEnds);
const bare = await bareConsumerRate(bench.kafka, topics.audit, events);

// The services' own configuration (their defaults) and the helpers that need only a client and it.
const collectorConfig = loadConfig(CollectorConfig, env);
const enricherConfig = loadConfig(EnricherConfig, env);
const detectorConfig = loadConfig(DetectorConfig, env);
const enrichedOutput = createEnrichedOutput({
  config: enricherConfig,
  clickhouse,
} as unknown as ServiceContext<EnricherConfig>);
const anomalyOutput = createAnomalyOutput({
  config: detectorConfig,
  clickhouse,
} as unknown as ServiceContext<DetectorConfig>);

const processes: Array<[string, number | undefined]> = [
  ['zero-hop', process.pid],
  ...Object.entries(stackPids()),
];
const cpuAtStart = processes.map(([, pid]) => cpuSeconds(pid));
const started = performance.now();

// Enricher: identity state first, from the whole identity topic.
const join = createEnrichmentStage({
  maxBufferedEvents: enricherConfig.ENRICHER_MAX_BUFFERED_EVENTS,
  maxWaitMs: enricherConfig.ENRICHER_MAX_WAIT_MS,
  allowedLatenessMs: enricherConfig.VIGIL_ALLOWED_LATENESS_MS,
  recentEventsForReassessment: 100_000,
  maxHoldMs: enricherConfig.ENRICHER_MAX_HOLD_MS,
});
// Detector: one engine for every partition, the watermark held back by partitions with lag.
const engine = createDetectionEngine({
  ...detectorConfig.VIGIL_DETECTION_CONFIG,
  allowedLatenessMs: detectorConfig.VIGIL_ALLOWED_LATENESS_MS,
  maxAgents: detectorConfig.DETECTOR_MAX_AGENTS,
});
const partitions = auditEnds.map((end) => end.partition);
engine.assignPartitions(partitions);
const activity = new PartitionActivity(detectorConfig.DETECTOR_PARTITION_IDLE_MS);
activity.assign(partitions, Date.now());

/** What was gathered since the last write: collector rows, enricher outputs, detector anomalies. */
let enriched: EnrichedOutput[] = [];
let auditRows: ReturnType<typeof toAuditRow>[] = [];
const found: CoreAnomaly[] = [];
let duplicates = 0;
let late = 0;
/** Anomaly versions written, by kind. */
const kinds = new Map<string, number>();

function score(outputs: EnrichedOutput[]) {
  for (const { envelope } of outputs) {
    const { event, enrichment, reassessed, timeMs, source } = envelope;
    const input = { event, enrichment, partition: source.partition, timeMs };
    if (reassessed) found.push(...engine.reassess(input));
    else {
      const result = engine.ingest(input);
      if (result.late) late++;
      found.push(...result.anomalies);
    }
  }
  enriched.push(...outputs);
}

const identityConsumer = bench.kafka.consumer({ groupId: `${env.ENRICHER_GROUP_ID}-id` });
await identityConsumer.connect();
await identityConsumer.subscribe({ topic: topics.identity, fromBeginning: true });
let identityLeft = sum(identityEnds) - identityEnds.reduce((n, end) => n + Number(end.low), 0);
await new Promise<void>((resolve) => {
  if (identityLeft === 0) resolve();
  void identityConsumer.run({
    eachBatch: async ({ batch }) => {
      const timed: TimedIdentityEvent[] = [];
      for (const message of batch.messages) {
        const parsed = message.value && parseIdentityMessage(message.value);
        if (parsed && parsed.kind === 'event') timed.push(parsed);
      }
      const { ready, reassessed } = join.offerIdentity(timed);
      score([...ready, ...reassessed]);
      identityLeft -= batch.messages.length;
      if (identityLeft <= 0) resolve();
    },
  });
});
await identityConsumer.disconnect();
const identityLoaded = (performance.now() - started) / 1000;

// Collector: recent ids, and the lookup horizon read once (at assignment, as the service does).
const recent = new RecentIds(collectorConfig.COLLECTOR_RECENT_IDS);
const storedBefore = await latestStoredTime(clickhouse, database, 'audit_events_raw');
const findStored = (candidates: Candidate[]) => {
  const times = candidates.map((c) => c.dateTime).sort();
  return findStoredRows<StoredPosition>(clickhouse, {
    database,
    table: 'audit_events_raw',
    idColumn: 'event_id',
    ids: candidates.map((c) => c.event.eventId),
    scope: { column: 'agent_id', values: candidates.map((c) => c.event.agentId) },
    columns: ['kafka_partition', 'kafka_offset'],
    timeRange: { column: 'event_time', from: times[0] ?? '', to: times.at(-1) ?? '' },
  });
};

/** Writes done, and the seconds spent in each table's inserts (they run side by side). */
const writes = { count: 0, seconds: { audit: 0, enrichments: 0, anomalies: 0 } };
async function timed(table: keyof typeof writes.seconds, work: () => Promise<unknown>) {
  const start = performance.now();
  await work();
  writes.seconds[table] += (performance.now() - start) / 1000;
}

/** The three services' inserts of what was gathered, then the commit of what they cover. */
async function write() {
  const positions = join.commitPositions().map((p) => ({ topic: topics.audit, ...p }));
  const rows = auditRows;
  const outputs = enriched;
  const detectedAt = new Date().toISOString();
  const anomalies: Anomaly[] = found.splice(0).map((a) => ({ ...a, detectedAt }));
  auditRows = [];
  enriched = [];
  await Promise.all([
    timed('audit', () => insertFlatRows(clickhouse, database, 'audit_events_raw', rows)),
    timed('enrichments', () => enrichedOutput.persist(outputs)),
    timed('anomalies', () => anomalyOutput.storeRows(anomalies)),
  ]);
  writes.count++;
  for (const { kind } of anomalies) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  await consumer.commitOffsets(positions);
}

const consumer = bench.kafka.consumer({
  groupId: env.COLLECTOR_GROUP_ID ?? '',
  maxBytesPerPartition: 4 * 1024 * 1024,
  maxWaitTimeInMs: 250,
});
await consumer.connect();
await consumer.subscribe({ topic: topics.audit, fromBeginning: true });
let writing: Promise<void> | undefined;
let lastWriteAt = 0;
/** Starts a write unless one is running or the last began less than 250 ms ago. */
function writeIfDue(force = false) {
  if (writing || (!force && performance.now() - lastWriteAt < 250)) return;
  lastWriteAt = performance.now();
  writing = write().finally(() => (writing = undefined));
}
const tick = setInterval(() => {
  score(join.tick(Date.now()));
  writeIfDue();
}, enricherConfig.ENRICHER_TICK_MS);

let read = 0;
const readAll = new Promise<void>((resolve) => {
  void consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const { partition } = batch;
      // Collector: decode and validate, drop repeats, look up what may be stored already.
      const candidates: Candidate[] = [];
      for (const message of batch.messages) {
        const decoded = decodeAuditMessage(message.value);
        if (!decoded.ok || !message.value) continue;
        const timeMs = toEpochMs(decoded.value.time);
        const dateTime = toClickHouseDateTime(timeMs);
        const { offset, value: original } = message;
        candidates.push({ event: decoded.value, partition, offset, timeMs, dateTime, original });
      }
      const { unseen, duplicates: repeats } = dropRecentRepeats(candidates, recent);
      const horizon = lookupHorizon(storedBefore, recent.latestForgottenTime);
      const stored = await findStored(unseen.filter((c) => mayBeStored(c.dateTime, horizon)));
      const plan = planStore(unseen, stored);
      const ingestedAt = toClickHouseDateTime(Date.now());
      auditRows.push(...plan.insert.map((c) => toAuditRow(c, ingestedAt)));
      for (const c of unseen) recent.add(c.event.eventId, c.dateTime);
      duplicates += repeats + plan.duplicates;

      // Enricher: the accepted events joined with identity at their event time.
      const offered = plan.forward.map(({ event, timeMs, offset, original }) => {
        const envelope: PipelineEnvelope = {
          event,
          timeMs,
          source: { partition, offset },
          head: original,
        };
        return { envelope, offset };
      });
      const joined = join.offerAudit(offered, partition, Date.now());
      join.consumed(partition, batch.lastOffset());

      // Detector: the enriched events scored, the watermark held by partitions still behind.
      activity.delivered(partition, BigInt(batch.offsetLag()), Date.now());
      for (const [p, holds] of activity.holding(Date.now())) engine.setPartitionBacklog(p, holds);
      score(joined);

      writeIfDue();
      // Back-pressure: with 100,000 rows gathered, reading waits for the write in flight.
      if (auditRows.length > 100_000 && writing) await writing;
      read += batch.messages.length;
      if (read >= events) resolve();
    },
  });
});
await readAll;
const readAfter = (performance.now() - started) / 1000;
// Everything read: write and commit until the committed offsets reach the ends of the topic.
const admin2 = bench.kafka.admin();
await admin2.connect();
const committedAll = async () => {
  const [group] = await admin2.fetchOffsets({
    groupId: env.COLLECTOR_GROUP_ID ?? '',
    topics: [topics.audit],
  });
  return auditEnds.every(
    (end) => group?.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
  );
};
while (!(await committedAll())) {
  await writing;
  writeIfDue(true);
  await writing;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const seconds = (performance.now() - started) / 1000;
const cpu = processes.map(([, pid], i) => {
  const [before, after] = [cpuAtStart[i], cpuSeconds(pid)];
  return before === undefined || after === undefined ? undefined : after - before;
});
clearInterval(tick);
await admin2.disconnect();
await consumer.disconnect();
const stored = {
  audit: await bench.count('audit_events_raw'),
  enrichments: await bench.count('audit_enrichments'),
  anomalies: await bench.count('anomalies'),
};
await bench.close();

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
console.log(
  `backlog: ${events.toLocaleString('en')} audit messages (${values.family}), ${scenario.identity.length.toLocaleString('en')} identity events`,
);
console.log(`bare kafkajs consumer on the audit topic: ${perSecond(bare)}`);
console.log(
  `identity loaded ${identityLoaded.toFixed(1)} s from start; audit read ${readAfter.toFixed(1)} s; all stored and committed ${seconds.toFixed(1)} s`,
);
console.log(
  `zero hop end to end: ${perSecond(events / seconds)}, ${(events / seconds / bare).toFixed(3)} of the bare consumer (target >= 0.1)`,
);
const { audit, enrichments, anomalies } = writes.seconds;
console.log(
  `${writes.count} writes; seconds in inserts: audit_events_raw ${audit.toFixed(1)}, audit_enrichments (lookup and insert) ${enrichments.toFixed(1)}, anomalies ${anomalies.toFixed(1)}`,
);
const perEvent = (s: number) => `${Math.round((s / events) * 1e6)} µs`;
const parts = processes.flatMap(([name], i) => {
  const s = cpu[i];
  return s === undefined ? [] : [`${name} ${s.toFixed(1)} s (${perEvent(s)})`];
});
const all = cpu.reduce<number>((a, b) => a + (b ?? 0), 0);
console.log(`CPU from start to committed, per event: ${parts.join(', ')}; all ${perEvent(all)}`);
console.log(
  `rows: audit_events_raw ${stored.audit.toLocaleString('en')}, audit_enrichments ${stored.enrichments.toLocaleString('en')}, anomalies ${stored.anomalies} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}); repeats dropped ${duplicates}, late at the detector ${late}`,
);
