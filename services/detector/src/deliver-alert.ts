import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { IsolationAlert } from '@vigil/contracts';
import {
  DEFAULT_BACKOFF,
  DEFAULT_REQUEST_TIMEOUT_MS,
  describeError,
  expiredFailure,
  formatForTarget,
  judgeReply,
  networkFailure,
  waitBeforeRetry,
  type AlertContext,
  type AttemptReport,
  type DeliveryResult,
  type DeliveryTarget,
  type ResponseError,
  type RetryBackoff,
} from '@vigil/response';

/** Only a safety bound for node-retry's precomputed schedule; `maxAgeMs` is what normally ends retrying. */
const ATTEMPT_CEILING = 1000;

export interface DeliverOptions {
  secret: string;
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

/**
 * POSTs one alert to one target until the receiver accepts it, it refuses it for good
 * (4xx other than 429), or `maxAgeMs` has passed. Every attempt carries the same
 * `Idempotency-Key` and a freshly timestamped signature. What each answer means and how
 * long to wait are @vigil/response's decisions; this is only the network around them.
 */
export async function deliverAlert(
  target: DeliveryTarget,
  alert: IsolationAlert,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const backoff = { ...DEFAULT_BACKOFF, ...options.retry };
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const remainingMs = () => options.firstAttemptAtMs + options.maxAgeMs - options.nowMs();
  let attempts = options.priorAttempts ?? 0;
  let lastAttemptError: string | undefined;
  const expired = () => expiredFailure(options.maxAgeMs, lastAttemptError);

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
    let failure: ResponseError | undefined;
    let httpStatus: number | undefined;
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(Math.min(requestTimeoutMs, remaining)),
      });
      // Read the body so the connection goes back to the pool; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      httpStatus = response.status;
      failure = judgeReply(
        { status: response.status, retryAfter: response.headers.get('retry-after') },
        options.nowMs(),
      );
    } catch (cause) {
      failure = networkFailure(cause);
    }
    if (failure === undefined) {
      options.onAttempt?.({ attempt: attempts, atMs, ok: true, httpStatus });
      return;
    }
    lastAttemptError = describeError(failure);
    options.onAttempt?.({
      attempt: attempts,
      atMs,
      ok: false,
      httpStatus,
      error: lastAttemptError,
    });
    throw failure.retriable ? failure : new AbortError(failure);
  }

  try {
    await pRetry(attempt, {
      retries: ATTEMPT_CEILING,
      factor: backoff.factor,
      minTimeout: backoff.minTimeoutMs,
      maxTimeout: backoff.maxTimeoutMs,
      randomize: true,
      onFailedAttempt: async (error) => {
        const wait = waitBeforeRetry(error, remainingMs());
        if (wait === 'give-up') throw expired();
        if (wait > 0) await sleep(wait);
      },
    });
    return { status: 'delivered', attempts, lastError: undefined };
  } catch (error) {
    return { status: 'failed', attempts, lastError: describeError(error) };
  }
}
