import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../logger';
import { clickHouseLog } from './client-log';

export type { ClickHouseClient };

export interface ClickHouseSettings {
  url: string;
  username: string;
  password: string;
}

/** A ClickHouse client; given a logger, the client's own log goes through it (see `clickHouseLog`). */
export function createClickHouse(settings: ClickHouseSettings, logger?: Logger): ClickHouseClient {
  return createClient({
    url: settings.url,
    username: settings.username,
    password: settings.password,
    request_timeout: 30_000,
    compression: { request: false, response: false },
    ...(logger && { log: { LoggerClass: clickHouseLog(logger), level: ClickHouseLogLevel.WARN } }),
  });
}

/**
 * ClickHouse DateTime text ('YYYY-MM-DD hh:mm:ss', UTC) for epoch milliseconds. Times
 * arrive here already parsed (`toEpochMs`, once, where they enter): no text is parsed twice.
 */
export function toClickHouseDateTime(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 19).replace('T', ' ');
}
