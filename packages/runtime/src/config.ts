import { readFileSync } from 'node:fs';
import { DEFAULT_ALLOWED_LATENESS_MS, describeZodIssues } from '@vigil/contracts';
import { z } from 'zod';
import { RuntimeError } from './errors';

/**
 * Reads the environment once and validates it. A wrong or missing value stops
 * the service with a message naming each variable and the reason.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = describeZodIssues(result.error, { limit: Infinity, separator: '\n  ' });
  throw new RuntimeError('VIGIL_CONFIG_INVALID', `Invalid configuration:\n  ${problems}`);
}

/** A comma-separated list, e.g. KAFKA_BROKERS=host1:9092,host2:9092. */
export const commaList = z
  .string()
  .min(1, 'must not be empty')
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );

export const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be 0-65535')
  .max(65535, 'must be 0-65535');

export const positiveInt = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be greater than 0');

/** A variable holding JSON (targets, thresholds, users): parsed once, then checked by the schema piped after it. */
export const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

/** A variable naming a file: its text, read once at start, so a missing file is named with the variable. */
export const fileText = z.string().transform((path, ctx) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${reason})` });
    return z.NEVER;
  }
});

/** VIGIL_ALLOWED_LATENESS_MS: the one lateness of the pipeline, read by the enricher and the detector alike. */
export const allowedLateness = positiveInt.default(DEFAULT_ALLOWED_LATENESS_MS);

/** Settings every service shares: Kafka, ClickHouse, topics, HTTP and logging. */
export const CommonConfig = z.object({
  KAFKA_BROKERS: commaList.pipe(
    z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1),
  ),
  KAFKA_CLIENT_ID: z.string().min(1).default('vigil'),
  CLICKHOUSE_URL: z.url({ error: 'must be a URL such as http://127.0.0.1:8123' }),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('vigil'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  VIGIL_TOPIC_AUDIT: z.string().min(1).default('mcp.audit.v1'),
  VIGIL_TOPIC_IDENTITY: z.string().min(1).default('identity.events.v1'),
  VIGIL_TOPIC_ANOMALIES: z.string().min(1).default('vigil.anomalies.v1'),
  VIGIL_TOPIC_ISOLATIONS: z.string().min(1).default('vigil.isolations.v1'),
  VIGIL_TOPIC_DLQ: z.string().min(1).default('vigil.dlq.v1'),
  VIGIL_TOPIC_ACCEPTED: z.string().min(1).default('vigil.audit.accepted.v1'),
  VIGIL_TOPIC_ENRICHED: z.string().min(1).default('vigil.audit.enriched.v1'),
  VIGIL_TOPIC_INCIDENTS: z.string().min(1).default('vigil.incidents.v1'),
  /** Internal: people's actions on incidents (CLI, console → incidents stage). */
  VIGIL_TOPIC_INCIDENT_ACTIONS: z.string().min(1).default('vigil.incident.actions.v1'),
  /** Internal: people's requests to isolate or release an agent (CLI, console → detector, incidents stage). */
  VIGIL_TOPIC_ISOLATION_COMMANDS: z.string().min(1).default('vigil.isolation.commands.v1'),
  VIGIL_TOPIC_PARTITIONS: positiveInt.default(3),
  /**
   * How often a stage inserts the ClickHouse rows it gathered: at a few thousand events/s the
   * number of inserts, not of rows, is what costs ClickHouse (README, bench:inserts); a row waits
   * up to this long to be stored.
   */
  VIGIL_INSERT_EVERY_MS: positiveInt.default(250),
  VIGIL_HTTP_PORT: port,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type CommonConfig = z.output<typeof CommonConfig>;
