import type { ClickHouseClient } from '@clickhouse/client';
import type { Consumer, ConsumerConfig, Kafka, Producer } from 'kafkajs';
import type { z } from 'zod';
import { createClickHouse } from './clickhouse/client';
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from './clickhouse/migrate';
import { type CommonConfig, loadConfig } from './config';
import { startHealthServer } from './http/health-server';
import { createPipelineMetrics, type PipelineMetrics } from './http/metrics';
import { createKafka } from './kafka/client';
import { ensureTopics, partitionCount, type TopicSpec } from './kafka/topics';
import { RuntimeError } from './errors';
import { createLogger, type Logger } from './logger';
import { createSerialQueue, type SerialQueue } from './serial';
import { installShutdown } from './shutdown';
import { untilAvailable } from './stage/outage';
import { createOutages, type Outages } from './stage/outages';

export interface ServiceContext<C extends CommonConfig> {
  config: C;
  logger: Logger;
  metrics: PipelineMetrics;
  kafka: Kafka;
  clickhouse: ClickHouseClient;
  /** Shared producer (dead letters and outputs). */
  producer: Producer;
  createConsumer(config: ConsumerConfig): Consumer;
  /**
   * Marks one part of the service (a grouped stage, by its topics) ready or not: /readyz
   * answers ready once every part that reported is ready (and no store is out).
   */
  setReady(ready: boolean, part: string): void;
  /** The stores the service is waiting for. */
  outages: Outages;
  /** Batches, ticks and assignments of the service's stages run one at a time in it. */
  section: SerialQueue;
  /** Aborted when the service stops: ends waits for a store. */
  signal: AbortSignal;
  /** Registers a step for shutdown; steps run in reverse order of registration. */
  onStop(step: () => Promise<unknown>): void;
  /** Stops the service with a failure exit code (nothing uncommitted is lost). */
  fail(error: unknown): void;
}

/**
 * Topics Vigil writes may carry an accepted event of up to 1 MiB plus Vigil's
 * own fields or headers, so they allow more than the broker's 1 MB default.
 */
const OUTPUT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Every Kafka topic a Vigil deployment uses, from the configured names. Internal
 * topics get at least as many partitions as the audit topic: each stage writes an
 * event to the partition number it was read from, so per-partition order (and so
 * event-time order) holds from the gateway to the detector.
 */
export function pipelineTopics(config: CommonConfig, auditPartitions = 0): TopicSpec[] {
  const numPartitions = Math.max(config.VIGIL_TOPIC_PARTITIONS, auditPartitions);
  const inputs = [config.VIGIL_TOPIC_AUDIT, config.VIGIL_TOPIC_IDENTITY];
  const outputs = [
    config.VIGIL_TOPIC_ANOMALIES,
    config.VIGIL_TOPIC_ISOLATIONS,
    config.VIGIL_TOPIC_DLQ,
    config.VIGIL_TOPIC_ACCEPTED,
    config.VIGIL_TOPIC_ENRICHED,
  ];
  return [
    ...inputs.map((topic) => ({ topic, numPartitions })),
    ...outputs.map((topic) => ({
      topic,
      numPartitions,
      maxMessageBytes: OUTPUT_MAX_MESSAGE_BYTES,
    })),
  ];
}

/**
 * The imperative shell every service shares: config read and validated once,
 * logger, metrics and health endpoints, Kafka and ClickHouse clients, topics and
 * migrations in place, and a clean stop on SIGTERM/SIGINT.
 */
export async function runService<S extends z.ZodType<CommonConfig>>(
  name: string,
  schema: S,
  main: (context: ServiceContext<z.output<S>>) => Promise<void>,
  extraTopics: (config: z.output<S>) => TopicSpec[] = () => [],
): Promise<void> {
  let config: z.output<S>;
  try {
    config = loadConfig(schema);
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(2);
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  const metrics = createPipelineMetrics(name);
  const stops: Array<() => Promise<unknown>> = [];
  const readiness = new Map<string, boolean>();
  let stoppingNow = false;
  const ready = () => !stoppingNow && readiness.size > 0 && [...readiness.values()].every(Boolean);
  const stopping = new AbortController();
  const outages = createOutages(logger, metrics);
  const shutdown = installShutdown(logger, async () => {
    stoppingNow = true;
    stopping.abort();
    for (const stop of stops.reverse()) await stop();
  });
  /** Start-up calls wait out a store that is not up yet, like the stages do. */
  const whenAvailable = <T>(step: () => Promise<T>) =>
    untilAvailable(
      step,
      {
        onFailedAttempt: (store, error, attempt) =>
          outages.failed(store, error, attempt, { phase: 'start' }),
        onRecovered: (store) => outages.recovered(store, { phase: 'start' }),
      },
      stopping.signal,
    );

  try {
    const health = await startHealthServer({
      port: config.VIGIL_HTTP_PORT,
      registry: metrics.registry,
      isReady: () => ready() && !outages.any(),
    });
    stops.push(() => health.close());
    const kafka = createKafka(
      config.KAFKA_BROKERS,
      config.KAFKA_CLIENT_ID,
      logger,
      stopping.signal,
    );
    const clickhouse = createClickHouse(
      {
        url: config.CLICKHOUSE_URL,
        username: config.CLICKHOUSE_USER,
        password: config.CLICKHOUSE_PASSWORD,
      },
      logger,
    );
    stops.push(() => clickhouse.close());
    const migrations = readMigrations(DEFAULT_MIGRATIONS_DIR, config.CLICKHOUSE_DATABASE);
    await whenAvailable(() => migrate(clickhouse, config.CLICKHOUSE_DATABASE, migrations, logger));
    const auditPartitions = await whenAvailable(() =>
      partitionCount(kafka, config.VIGIL_TOPIC_AUDIT),
    );
    await whenAvailable(() =>
      ensureTopics(kafka, [...pipelineTopics(config, auditPartitions), ...extraTopics(config)]),
    );
    await whenAvailable(() =>
      requirePartitions(kafka, config, auditPartitions ?? config.VIGIL_TOPIC_PARTITIONS),
    );
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await whenAvailable(() => producer.connect());
    stops.push(() => producer.disconnect());

    await main({
      config,
      logger,
      metrics,
      kafka,
      clickhouse,
      producer,
      createConsumer: (consumerConfig) => {
        const consumer = kafka.consumer(consumerConfig);
        stops.push(() => consumer.disconnect());
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart) shutdown('consumer crashed', 1);
        });
        return consumer;
      },
      setReady: (value, part) => {
        readiness.set(part, value);
      },
      outages,
      section: createSerialQueue(),
      signal: stopping.signal,
      onStop: (step) => stops.push(step),
      fail: (error) => {
        logger.fatal({ err: error }, 'fatal error');
        shutdown('fatal error', 1);
      },
    });
    logger.info({ port: config.VIGIL_HTTP_PORT }, `${name} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${name} could not start`);
    shutdown('start-up failed', 1);
  }
}

/** Internal topics created earlier with fewer partitions than the audit topic would break per-partition order. */
async function requirePartitions(
  kafka: Kafka,
  config: CommonConfig,
  needed: number,
): Promise<void> {
  for (const topic of [config.VIGIL_TOPIC_ACCEPTED, config.VIGIL_TOPIC_ENRICHED]) {
    const count = await partitionCount(kafka, topic);
    if (count !== undefined && count < needed) {
      throw new RuntimeError(
        'VIGIL_CONFIG_INVALID',
        `topic ${topic} has ${count} partitions but ${config.VIGIL_TOPIC_AUDIT} has ${needed}; add partitions to ${topic} (kafka-topics --alter --partitions ${needed})`,
      );
    }
  }
}
