import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { clickHouseReader, type Reader } from '@vigil/queries';
import { Kafka, logLevel } from 'kafkajs';
import type { CliConfig } from './config';

export interface Connections {
  config: CliConfig;
  database: string;
  clickhouse: ClickHouseClient;
  read: Reader;
  kafka: Kafka;
  close(): Promise<void>;
}

/** Kafka and ClickHouse clients for one command; Kafka connects only when a command uses it. */
export function openConnections(config: CliConfig): Connections {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  // A command reports what it could not reach itself: the clients' own logs stay quiet.
  const clickhouse = createClient({
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    request_timeout: 30_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  const kafka = new Kafka({
    clientId: 'vigil-cli',
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 200 },
    connectionTimeout: 3_000,
  });
  return {
    config,
    database: config.CLICKHOUSE_DATABASE,
    clickhouse,
    read: clickHouseReader(clickhouse),
    kafka,
    close: () => clickhouse.close(),
  };
}
