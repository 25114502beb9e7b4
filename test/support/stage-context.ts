import {
  CommonConfig,
  createKafka,
  createLogger,
  createOutages,
  createPipelineMetrics,
  createSerialQueue,
  loadConfig,
  type ServiceContext,
} from '@vigil/runtime';
import type { ConsumerConfig } from 'kafkajs';

/**
 * A service context on the real Kafka for running one stage in the test's process (no
 * ClickHouse: the stage stores elsewhere), and what stops it and any failure it reported.
 */
export function createStageContext(name: string, brokers: string) {
  const logger = createLogger(name, 'warn');
  const kafka = createKafka(brokers.split(','), name, logger);
  const stops: Array<() => Promise<unknown>> = [];
  const stopping = new AbortController();
  const metrics = createPipelineMetrics(name);
  const failures: unknown[] = [];
  const context = {
    config: loadConfig(CommonConfig, {
      KAFKA_BROKERS: brokers,
      KAFKA_CLIENT_ID: name,
      CLICKHOUSE_URL: 'http://127.0.0.1:1',
      VIGIL_TOPIC_DLQ: `t.${name}.dlq`,
      VIGIL_HTTP_PORT: '0',
    }),
    logger,
    metrics,
    kafka,
    producer: kafka.producer(),
    createConsumer: (config: ConsumerConfig) => kafka.consumer(config),
    setReady: () => undefined,
    outages: createOutages(logger, metrics),
    section: createSerialQueue(),
    signal: stopping.signal,
    onStop: (step: () => Promise<unknown>) => void stops.push(step),
    fail: (error: unknown) => void failures.push(error),
  } as unknown as ServiceContext<CommonConfig>;
  return {
    context,
    kafka,
    failures,
    /** Stops the stage as a service would: its stop steps, last registered first. */
    async stop(): Promise<void> {
      stopping.abort();
      for (const step of stops.reverse()) await step();
    },
  };
}
