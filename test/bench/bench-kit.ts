import { randomBytes } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import {
  appendEnrichment,
  encodeAccepted,
  type AuditEvent,
  type Enrichment,
  type IdentityEvent,
} from '@vigil/contracts';
import {
  CommonConfig,
  ensureTopics,
  loadConfig,
  pipelineTopics,
  sendInChunks,
} from '@vigil/runtime';
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** A fresh set of topics and a database for one benchmark run on the stack in the environment. */
export async function benchPipeline(name: string) {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const id = `${name}_${randomBytes(3).toString('hex')}`;
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  const clickhouseUrl = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:18123';
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers,
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: `bench_${id}`,
    LOG_LEVEL: 'warn',
  };
  for (const topic of [
    'AUDIT',
    'IDENTITY',
    'ANOMALIES',
    'ISOLATIONS',
    'DLQ',
    'ACCEPTED',
    'ENRICHED',
  ]) {
    env[`VIGIL_TOPIC_${topic}`] = `bench.${id}.${topic.toLowerCase()}`;
  }
  // The detector's own topics too: a shared changelog would restore agents of other runs.
  env.VIGIL_TOPIC_DETECTOR_STATE = `bench.${id}.detector-state`;
  env.VIGIL_TOPIC_OUTBOX = `bench.${id}.outbox`;
  for (const service of ['COLLECTOR', 'ENRICHER', 'DETECTOR']) {
    env[`${service}_GROUP_ID`] = `bench.${id}.${service.toLowerCase()}`;
  }
  const kafka = new Kafka({ clientId: id, brokers: brokers.split(','), logLevel: logLevel.ERROR });
  await ensureTopics(
    kafka,
    pipelineTopics(loadConfig(CommonConfig, { ...env, VIGIL_HTTP_PORT: '0' })),
  );
  const clickhouse = createClient({ url: clickhouseUrl });
  const producer = kafka.producer();
  await producer.connect();
  return {
    env,
    kafka,
    clickhouse,
    async produce(topic: string, messages: Array<{ key: string; value: string | Buffer }>) {
      for (let i = 0; i < messages.length; i += 20_000) {
        await sendInChunks(producer, topic, messages.slice(i, i + 20_000));
      }
    },
    async count(table: string): Promise<number> {
      const result = await clickhouse.query({
        query: `SELECT count() AS n FROM bench_${id}.${table}`,
        format: 'JSONEachRow',
      });
      const [row] = await result.json<{ n: string }>();
      return Number(row?.n ?? 0);
    },
    async close() {
      await producer.disconnect();
      await clickhouse.command({ query: `DROP DATABASE IF EXISTS bench_${id}` });
      await clickhouse.close();
    },
  };
}

/** Events/s of a kafkajs consumer that reads `count` messages of `topic` and does nothing with them. */
export async function bareConsumerRate(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<number> {
  const consumer = kafka.consumer({
    groupId: `bare-${randomBytes(4).toString('hex')}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (started === 0) started = performance.now();
        seen += batch.messages.length;
        if (seen >= count) resolve(performance.now());
      },
    });
  });
  const finished = await done;
  await consumer.disconnect();
  return count / ((finished - started) / 1000);
}

/** Polls until `reached()` or the time is up; returns the seconds from the first progress to the end. */
export async function timeUntil(
  progress: () => Promise<number>,
  target: number,
  timeoutMs = 600_000,
): Promise<{ seconds: number; reached: number }> {
  const deadline = Date.now() + timeoutMs;
  let first = 0;
  let reached = 0;
  while (Date.now() < deadline) {
    reached = await progress();
    if (reached > 0 && first === 0) first = performance.now();
    if (reached >= target) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { seconds: (performance.now() - first) / 1000, reached };
}

const EVENTS_START = Date.UTC(2026, 2, 2, 9, 0, 0);

/** The `i`-th benchmark audit event: `agents` agents in turn, `stepMs` of event time apart. */
function benchAuditEvent(i: number, agents: number, stepMs: number): AuditEvent {
  const agent = i % agents;
  return {
    eventId: `bench-${i}`,
    time: new Date(EVENTS_START + i * stepMs).toISOString(),
    agentId: `agent-${agent}`,
    method: 'tools/call',
    serverId: 'crm',
    outcome: 'ok',
    toolName: 'get_account',
    resourceUri: `crm://accounts/${100_000 + i}`,
    sessionId: `s-${agent}`,
    tokenId: `jti-${agent}`,
    onBehalfOf: `user-${agent}`,
    requestBytes: 200,
    responseBytes: 1_000 + (i % 5_000),
    durationMs: 12,
    gatewayId: 'gw-1',
  };
}

export function auditEventMessages(count: number, agents = 1_000) {
  return Array.from({ length: count }, (_, i) => {
    const event = benchAuditEvent(i, agents, 5);
    return { key: event.agentId, value: JSON.stringify(event) };
  });
}

/**
 * Envelopes keyed by agent, as the collector sends them on (or, given an
 * `enrichment`, as the enricher does); `stepMs` of event time between events.
 */
export function pipelineEventMessages(
  count: number,
  {
    agents = 1_000,
    stepMs = 5,
    enrichment,
  }: { agents?: number; stepMs?: number; enrichment?: Enrichment } = {},
) {
  return Array.from({ length: count }, (_, i) => {
    const event = benchAuditEvent(i, agents, stepMs);
    const accepted = encodeAccepted(Buffer.from(JSON.stringify(event)), Date.parse(event.time), {
      partition: 0,
      offset: String(i),
    });
    return {
      key: event.agentId,
      value: enrichment ? appendEnrichment(accepted, enrichment) : accepted,
    };
  });
}

/** token.issued (normalized identity events) for the tokens the benchmark agents use, valid far ahead. */
export function tokenIssuedMessages(agents = 1_000) {
  return Array.from({ length: agents }, (_, agent) => {
    const event: IdentityEvent = {
      eventId: `bench-token-${agent}`,
      time: new Date(EVENTS_START - 60_000).toISOString(),
      type: 'token.issued',
      tokenId: `jti-${agent}`,
      agentId: `agent-${agent}`,
      userId: `user-${agent}`,
      sessionId: `s-${agent}`,
      expiresAt: new Date(EVENTS_START + 365 * 86_400_000).toISOString(),
    };
    return { key: event.tokenId as string, value: JSON.stringify(event) };
  });
}

/** Messages of `topic` a consumer group has not committed yet, summed over partitions. */
export async function uncommitted(admin: Admin, groupId: string, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.reduce((sum, end) => {
    const offset = Number(
      group?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1,
    );
    return sum + Number(end.high) - Math.max(offset, Number(end.low));
  }, 0);
}

/** Times a consumer group until it has committed `count` messages of `topic` (summed over partitions). */
export async function waitForCommitted(
  kafka: Kafka,
  groupId: string,
  topic: string,
  count: number,
): Promise<{ seconds: number; reached: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await timeUntil(async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return ends.reduce((sum, end) => {
        const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
        const done = offset === undefined || BigInt(offset) < 0n ? BigInt(end.low) : BigInt(offset);
        return sum + Number(done - BigInt(end.low));
      }, 0);
    }, count);
  } finally {
    await admin.disconnect();
  }
}

/** Prints a service's rate beside the bare consumer's; returns the service's events/s. */
export function printRates(
  service: string,
  path: string,
  bare: number,
  { seconds, reached }: { seconds: number; reached: number },
): number {
  const rate = reached / seconds;
  const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
  console.log(`bare kafkajs consumer: ${perSecond(bare)}`);
  console.log(`${service} ${path}: ${perSecond(rate)} (${reached} in ${seconds.toFixed(1)} s)`);
  console.log(`${service} / bare: ${(rate / bare).toFixed(2)}`);
  return rate;
}
