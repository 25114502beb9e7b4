import { randomBytes } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import {
  CommonConfig,
  ensureTopics,
  loadConfig,
  pipelineTopics,
  sendInChunks,
} from '@vigil/runtime';
import { Kafka, logLevel } from 'kafkajs';

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
    async produce(topic: string, messages: Array<{ key: string; value: string }>) {
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

export function auditEventMessages(count: number, agents = 1_000) {
  const start = Date.UTC(2026, 2, 2, 9, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const agentId = `agent-${i % agents}`;
    const event = {
      eventId: `bench-${i}`,
      time: new Date(start + i * 5).toISOString(),
      agentId,
      method: 'tools/call',
      serverId: 'crm',
      outcome: 'ok',
      toolName: 'get_account',
      resourceUri: `crm://accounts/${100_000 + i}`,
      sessionId: `s-${i % agents}`,
      tokenId: `jti-${i % agents}`,
      onBehalfOf: `user-${i % agents}`,
      requestBytes: 200,
      responseBytes: 1_000 + (i % 5_000),
      durationMs: 12,
      gatewayId: 'gw-1',
    };
    return { key: agentId, value: JSON.stringify(event) };
  });
}
