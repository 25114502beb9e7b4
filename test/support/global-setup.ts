import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    clickhouseUrl: string;
  }
}

/**
 * Where the tests find Kafka and ClickHouse: the addresses in KAFKA_BROKERS and
 * CLICKHOUSE_URL (the local stack, `npm run stack:up`), or else containers
 * started through testcontainers when a Docker engine answers.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const { KAFKA_BROKERS, CLICKHOUSE_URL } = process.env;
  if (KAFKA_BROKERS && CLICKHOUSE_URL) {
    project.provide('kafkaBrokers', KAFKA_BROKERS);
    project.provide('clickhouseUrl', CLICKHOUSE_URL);
    return;
  }
  if (!dockerAnswers()) {
    throw new Error(
      'No stack for the tests: run `npm run stack:up` and export KAFKA_BROKERS and CLICKHOUSE_URL, or start a Docker engine.',
    );
  }
  const { startContainers } = await import('./containers');
  const stack = await startContainers();
  project.provide('kafkaBrokers', stack.kafkaBrokers);
  project.provide('clickhouseUrl', stack.clickhouseUrl);
  return stack.stop;
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
