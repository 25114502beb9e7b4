import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Anything that could carry a credential is redacted wherever it appears in a log line. */
const REDACTED_PATHS = [
  'password',
  'secret',
  'secrets',
  'token',
  'authorization',
  'routingKey',
  '*.password',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.authorization',
  '*.routingKey',
  '*.CLICKHOUSE_PASSWORD',
  '*.VIGIL_WEBHOOK_SECRET',
  'headers["vigil-signature"]',
  '*.headers["vigil-signature"]',
];

/** pino JSON logs. Payload contents are never passed to a logger, only sizes and identifiers. */
export function createLogger(
  service: string,
  level = 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
