import { randomBytes } from 'node:crypto';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Kafka, Producer } from 'kafkajs';
import {
  CommonConfig,
  createKafka,
  createLogger,
  ensureTopics,
  loadConfig,
  pipelineTopics,
} from '@vigil/runtime';
import { inject } from 'vitest';

/**
 * One test's own topics and ClickHouse database on the shared stack, so tests
 * never see each other's data, and the environment that points services at them.
 */
export interface IsolatedPipeline {
  id: string;
  env: Record<string, string>;
  topics: Record<
    | 'audit'
    | 'otlp'
    | 'agentgateway'
    | 'docker'
    | 'identity'
    | 'anomalies'
    | 'isolations'
    | 'dlq'
    | 'accepted'
    | 'enriched'
    | 'incidents'
    | 'incidentActions'
    | 'isolationCommands',
    string
  >;
  database: string;
  kafka: Kafka;
  producer: Producer;
  clickhouse: ClickHouseClient;
  /** One number from a ClickHouse query such as `SELECT count() FROM {db}.anomalies`. */
  scalar(sql: string): Promise<number>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function createIsolatedPipeline(name: string): Promise<IsolatedPipeline> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const id = `${name}_${randomBytes(4).toString('hex')}`;
  const brokers = inject('kafkaBrokers');
  const clickhouseUrl = inject('clickhouseUrl');
  const topics = {
    audit: `t.${id}.audit`,
    otlp: `t.${id}.otlp`,
    agentgateway: `t.${id}.agentgateway`,
    docker: `t.${id}.docker`,
    identity: `t.${id}.identity`,
    anomalies: `t.${id}.anomalies`,
    isolations: `t.${id}.isolations`,
    dlq: `t.${id}.dlq`,
    accepted: `t.${id}.accepted`,
    enriched: `t.${id}.enriched`,
    incidents: `t.${id}.incidents`,
    incidentActions: `t.${id}.incident-actions`,
    isolationCommands: `t.${id}.isolation-commands`,
  };
  const database = `t_${id}`;
  const env = {
    KAFKA_BROKERS: brokers,
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    VIGIL_TOPIC_AUDIT: topics.audit,
    VIGIL_TOPIC_OTLP: topics.otlp,
    VIGIL_TOPIC_AGENTGATEWAY: topics.agentgateway,
    VIGIL_TOPIC_DOCKER_GATEWAY: topics.docker,
    VIGIL_TOPIC_IDENTITY: topics.identity,
    VIGIL_TOPIC_ANOMALIES: topics.anomalies,
    VIGIL_TOPIC_ISOLATIONS: topics.isolations,
    VIGIL_TOPIC_DLQ: topics.dlq,
    VIGIL_TOPIC_ACCEPTED: topics.accepted,
    VIGIL_TOPIC_ENRICHED: topics.enriched,
    VIGIL_TOPIC_DETECTOR_STATE: `t.${id}.detector-state`,
    VIGIL_TOPIC_OUTBOX: `t.${id}.outbox`,
    VIGIL_TOPIC_INCIDENTS: topics.incidents,
    VIGIL_TOPIC_INCIDENT_ACTIONS: topics.incidentActions,
    VIGIL_TOPIC_ISOLATION_COMMANDS: topics.isolationCommands,
    INCIDENTS_GROUP_ID: `${id}.incidents`,
    COLLECTOR_GROUP_ID: `${id}.collector`,
    ENRICHER_GROUP_ID: `${id}.enricher`,
    DETECTOR_GROUP_ID: `${id}.detector`,
    DETECTOR_COMMANDS_GROUP_ID: `${id}.detector-commands`,
    LOG_LEVEL: 'warn',
  };
  // Through the services' client, so the answers a retry waits out log as they do there.
  const kafka = createKafka(brokers.split(','), id, createLogger(id, 'warn'));
  await ensureTopics(
    kafka,
    pipelineTopics(loadConfig(CommonConfig, { ...env, VIGIL_HTTP_PORT: '0' })),
  );
  const producer = kafka.producer();
  await producer.connect();
  const clickhouse = createClient({ url: clickhouseUrl });
  const rows = async <T>(sql: string) =>
    (
      await clickhouse.query({ query: sql.replaceAll('{db}', database), format: 'JSONEachRow' })
    ).json<T>();
  return {
    id,
    env,
    topics,
    database,
    kafka,
    producer,
    clickhouse,
    rows,
    scalar: async (sql) => {
      const [row] = await rows<Record<string, unknown>>(sql);
      return Number(Object.values(row ?? {})[0] ?? 0);
    },
    close: async () => {
      await producer.disconnect();
      await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => {});
      await clickhouse.close();
    },
  };
}

/** Polls until `check` returns true or the time is up; returns whether it did. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
