import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { IsolationAlert } from '@vigil/contracts';
import { describeError, ResponseError } from './errors';
import { parseRetryAfter } from './retry-after';
import type { AlertContext } from './targets/alert-context';
import type { DeliveryTarget } from './targets/delivery-target';
import { formatForTarget } from './targets/format-for-target';

export interface RetryBackoff {
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
}

/** Half a second, doubling to at most a minute: quick enough for isolation, gentle on a struggling receiver. */
export const DEFAULT_BACKOFF: RetryBackoff = { minTimeoutMs: 500, maxTimeoutMs: 60_000, factor: 2 };
/** A hung receiver must not hold an attempt forever; the next attempt may find it well. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Only a safety bound for node-retry's precomputed schedule; `maxAgeMs` is what normally ends retrying. */
const ATTEMPT_CEILING = 1000;

export interface AttemptReport {
  /** 1-based, counting attempts made before a restart (`priorAttempts`). */
  attempt: number;
  atMs: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

export interface DeliverOptions {
  secret: string;
  fetch?: typeof globalThis.fetch;
  nowMs: () => number;
  /** Give up once this long has passed since `firstAttemptAtMs`. */
  maxAgeMs: number;
  /** When delivery of this alert first started, possibly before a restart (from the outbox). */
  firstAttemptAtMs: number;
  /** Attempts already made before a restart, so counts stay cumulative. */
  priorAttempts?: number;
  retry?: Partial<RetryBackoff>;
  requestTimeoutMs?: number;
  context?: AlertContext;
  onAttempt?: (report: AttemptReport) => void;
}

export interface DeliveryResult {
  status: 'delivered' | 'failed';
  attempts: number;
  lastError: string | undefined;
}

function failureFor(response: Response, nowMs: number): ResponseError {
  const status = response.status;
  const message = `receiver answered ${status}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
    return new ResponseError('VIGIL_RESPONSE_RATE_LIMITED', message, { status, retryAfterMs });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
    return new ResponseError('VIGIL_RESPONSE_SERVER_ERROR', message, { status, retryAfterMs });
  }
  return new ResponseError('VIGIL_RESPONSE_REJECTED', message, { status });
}

/**
 * POSTs one alert to one target until the receiver accepts it, it refuses it for good
 * (4xx other than 429), or `maxAgeMs` has passed. Every attempt carries the same
 * `Idempotency-Key` and a freshly timestamped signature. Retry-After is honoured as a
 * minimum wait, on top of which the jittered backoff still applies.
 */
export async function deliverAlert(
  target: DeliveryTarget,
  alert: IsolationAlert,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const backoff = { ...DEFAULT_BACKOFF, ...options.retry };
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const remainingMs = () => options.firstAttemptAtMs + options.maxAgeMs - options.nowMs();
  let attempts = options.priorAttempts ?? 0;
  let lastAttemptError: string | undefined;

  const expired = () =>
    new ResponseError(
      'VIGIL_RESPONSE_EXPIRED',
      `gave up after ${options.maxAgeMs} ms` +
        (lastAttemptError === undefined ? '' : `; last: ${lastAttemptError}`),
    );

  async function attempt(): Promise<void> {
    const remaining = remainingMs();
    if (remaining <= 0) throw new AbortError(expired());
    attempts += 1;
    const atMs = options.nowMs();
    const request = formatForTarget(
      target,
      alert,
      { secret: options.secret, unixSeconds: Math.floor(atMs / 1000) },
      options.context,
    );
    let failure: ResponseError;
    try {
      const response = await fetchFn(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(Math.min(requestTimeoutMs, remaining)),
      });
      // Read the body so the connection goes back to the pool; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        options.onAttempt?.({ attempt: attempts, atMs, ok: true, httpStatus: response.status });
        return;
      }
      failure = failureFor(response, options.nowMs());
    } catch (cause) {
      failure = new ResponseError(
        'VIGIL_RESPONSE_NETWORK',
        `request failed: ${describeError(cause)}`,
        {
          cause,
        },
      );
    }
    lastAttemptError = describeError(failure);
    options.onAttempt?.({
      attempt: attempts,
      atMs,
      ok: false,
      httpStatus: failure.status,
      error: lastAttemptError,
    });
    throw failure.retriable ? failure : new AbortError(failure);
  }

  async function beforeNextAttempt(error: unknown): Promise<void> {
    const wait = error instanceof ResponseError ? (error.retryAfterMs ?? 0) : 0;
    // Waiting past the maximum age would only end in giving up, so give up now.
    if (wait >= remainingMs()) throw expired();
    if (wait > 0) await sleep(wait);
  }

  try {
    await pRetry(attempt, {
      retries: ATTEMPT_CEILING,
      factor: backoff.factor,
      minTimeout: backoff.minTimeoutMs,
      maxTimeout: backoff.maxTimeoutMs,
      randomize: true,
      onFailedAttempt: beforeNextAttempt,
    });
    return { status: 'delivered', attempts, lastError: undefined };
  } catch (error) {
    return { status: 'failed', attempts, lastError: describeError(error) };
  }
}
