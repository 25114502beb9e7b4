// Creates Vigil's topics and ClickHouse tables on the stack named by the environment.
import {
  CommonConfig,
  awaitGroupCoordinator,
  DEFAULT_MIGRATIONS_DIR,
  createClickHouse,
  createKafka,
  createLogger,
  ensureTopics,
  loadConfig,
  migrate,
  pipelineTopics,
  readMigrations,
} from '@vigil/runtime';

const config = loadConfig(CommonConfig, { VIGIL_HTTP_PORT: '0', ...process.env });
const logger = createLogger('stack', 'warn');
const kafka = createKafka(config.KAFKA_BROKERS, 'vigil-stack', logger);
const created = await ensureTopics(kafka, pipelineTopics(config));
await awaitGroupCoordinator(kafka, 'vigil-stack');
const clickhouse = createClickHouse(
  {
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
  },
  logger,
);
const applied = await migrate(
  clickhouse,
  config.CLICKHOUSE_DATABASE,
  readMigrations(DEFAULT_MIGRATIONS_DIR, config.CLICKHOUSE_DATABASE),
);
await clickhouse.close();
console.error(`[stack] topics created: ${created.length}, migrations applied: ${applied.length}`);
