import pRetry from 'p-retry';
import { VigilError } from '../errors';

const RETRY = { retries: 5, minTimeout: 200, maxTimeout: 5_000 };

/**
 * Runs one ClickHouse call with backoff (a restarting or busy server answers
 * again within seconds); if it still fails, a retriable VIGIL_STORE_FAILED that
 * names the table, so the service stops before committing anything.
 */
export function withStoreRetry<T>(table: string, attempt: () => Promise<T>): Promise<T> {
  return pRetry(attempt, RETRY).catch((error: unknown) => {
    throw new VigilError('VIGIL_STORE_FAILED', `could not use ${table}`, true, { cause: error });
  });
}
