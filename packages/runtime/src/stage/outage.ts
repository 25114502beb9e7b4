import pRetry from 'p-retry';
import { VigilError } from '@vigil/contracts';
import { clickHouseErrorCode } from '../clickhouse/error-code';

/** The store a stage waits for while it is unreachable. */
export type Store = 'clickhouse' | 'kafka';

/** Node's socket errors: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** ClickHouse answers that a wait can heal: overloaded, shutting down, a table still loading. */
const CLICKHOUSE_TRANSIENT_CODES = new Set(['159', '202', '209', '210', '241', '425']);

/** ClickHouse's refusals of the user or password (516 since 20.x; 192–194 on 18.16): waiting cannot heal them. */
const CLICKHOUSE_AUTH_CODES = new Set(['192', '193', '194', '516']);

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
};

/** The error and the errors it wraps (kafkajs nests them in `originalError`, others in `cause`). */
function* chain(error: unknown): Generator<ErrorLike> {
  let current = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const link = current as ErrorLike;
    yield link;
    current = link.cause ?? link.originalError;
  }
}

/** The errors kafkajs answers with while the group rebalances (its own runner rejoins on them). */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/** A rebalance, also where kafkajs wraps it (a `KafkaJSNonRetriableError` around the broker's answer). */
export function isRebalance(error: unknown): boolean {
  for (const link of chain(error)) {
    if (typeof link.type === 'string' && REBALANCE_ERRORS.has(link.type)) return true;
  }
  return false;
}

/** An authentication the broker or the database refused: the service stops, since waiting cannot fix it. */
export function isRefusedAuthentication(error: unknown): boolean {
  for (const link of chain(error)) {
    if (link.name === 'KafkaJSSASLAuthenticationError') return true;
    if (typeof link.type === 'string' && /AUTHENTICATION|AUTHORIZATION/.test(link.type))
      return true;
    if (CLICKHOUSE_AUTH_CODES.has(clickHouseErrorCode(link) ?? '')) return true;
  }
  return false;
}

/**
 * Which store an error says is unreachable, or undefined when it is not an
 * outage (a bug or bad data, which waiting cannot heal). This is the one place
 * that answers "should the stage wait and try again?".
 */
export function outageOf(error: unknown): Store | undefined {
  if (isRefusedAuthentication(error) || isRebalance(error)) return undefined;
  let network = false;
  for (const link of chain(error)) {
    const name = String(link.name ?? '');
    if (name.startsWith('KafkaJS')) {
      if (name === 'KafkaJSNonRetriableError' || link.retriable === true) return 'kafka';
      if (/Connection|Timeout|BrokerNotFound|RetriesExceeded|LockTimeout/.test(name)) {
        return 'kafka';
      }
    }
    // Vigil's own errors say whether a retry can help: one that cannot is never waited on.
    if (link instanceof VigilError && !link.retriable) return undefined;
    if (CLICKHOUSE_TRANSIENT_CODES.has(clickHouseErrorCode(link) ?? '')) return 'clickhouse';
    if (typeof link.code === 'string' && NETWORK_CODES.has(link.code)) network = true;
    if (typeof link.message === 'string' && /socket hang up|Timeout error/i.test(link.message)) {
      network = true;
    }
  }
  // Vigil's Kafka errors all come from kafkajs, named as such: a bare socket error is the database.
  return network ? 'clickhouse' : undefined;
}

export interface OutageReport {
  /** Called on each failed attempt while the store is out (and on the first: the outage begins). */
  onFailedAttempt(store: Store, error: unknown, attempt: number): void | Promise<void>;
  /** Called once the attempt succeeds after at least one failure. */
  onRecovered(store: Store): void;
}

/**
 * Between attempts: 0.5 s doubling to 10 s, each wait drawn from [1, 2)× its
 * step (jitter, so instances do not retry in step). It waits forever: an outage
 * of any length is waited out, and the caller's signal ends the wait on stop.
 */
export const OUTAGE_BACKOFF = { minTimeout: 500, maxTimeout: 10_000, factor: 2, randomize: true };

/**
 * Runs `attempt` until it succeeds, waiting out outages of ClickHouse or Kafka
 * with capped exponential backoff and jitter. Anything that is not an outage is
 * thrown at once.
 */
export async function untilAvailable<T>(
  attempt: () => Promise<T>,
  report: OutageReport,
  signal?: AbortSignal,
): Promise<T> {
  let outage: Store | undefined;
  const result = await pRetry(attempt, {
    ...OUTAGE_BACKOFF,
    forever: true,
    ...(signal && { signal }),
    shouldRetry: (error) => outageOf(error) !== undefined,
    onFailedAttempt: async (error) => {
      // p-retry calls this after rejecting on an error it will not retry too: that is no outage,
      // and reporting it would pause consumption with nothing left to resume it.
      const store = outageOf(error);
      if (store === undefined) return;
      outage = store;
      await report.onFailedAttempt(store, error, error.attemptNumber);
    },
  });
  if (outage) report.onRecovered(outage);
  return result;
}
