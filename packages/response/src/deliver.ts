import { describeError, ResponseError } from './errors';
import { parseRetryAfter } from './retry-after';

/**
 * What delivery decides, without sending anything: how a receiver's answer or a failed
 * request is judged, how long to wait before the next attempt, and when to give up. The
 * shell that makes the HTTP calls (the detector's `deliver-alert.ts`) asks these; what it
 * sends and its signature come from `formatForTarget`.
 */

export interface RetryBackoff {
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
}

/** Half a second, doubling to at most a minute: quick enough for isolation, gentle on a struggling receiver. */
export const DEFAULT_BACKOFF: RetryBackoff = { minTimeoutMs: 500, maxTimeoutMs: 60_000, factor: 2 };
/** A hung receiver must not hold an attempt forever; the next attempt may find it well. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface AttemptReport {
  /** 1-based, counting attempts made before a restart (`priorAttempts`). */
  attempt: number;
  atMs: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

export interface DeliveryResult {
  status: 'delivered' | 'failed';
  attempts: number;
  lastError: string | undefined;
}

/** The receiver's answer: undefined when it accepted the alert, else why not and whether to retry. */
export function judgeReply(
  reply: { status: number; retryAfter: string | null },
  nowMs: number,
): ResponseError | undefined {
  const { status } = reply;
  if (status >= 200 && status < 300) return undefined;
  const message = `receiver answered ${status}`;
  const retryAfterMs = parseRetryAfter(reply.retryAfter, nowMs);
  if (status === 429) {
    return new ResponseError('VIGIL_RESPONSE_RATE_LIMITED', message, { status, retryAfterMs });
  }
  if (status >= 500) {
    return new ResponseError('VIGIL_RESPONSE_SERVER_ERROR', message, { status, retryAfterMs });
  }
  return new ResponseError('VIGIL_RESPONSE_REJECTED', message, { status });
}

/** A request that got no answer (refused, reset, DNS, timeout): always worth another attempt. */
export function networkFailure(cause: unknown): ResponseError {
  return new ResponseError('VIGIL_RESPONSE_NETWORK', `request failed: ${describeError(cause)}`, {
    cause,
  });
}

/** Delivery has run out of time; the last attempt's failure is kept for `isolations.last_error`. */
export function expiredFailure(maxAgeMs: number, lastError: string | undefined): ResponseError {
  return new ResponseError(
    'VIGIL_RESPONSE_EXPIRED',
    `gave up after ${maxAgeMs} ms` + (lastError === undefined ? '' : `; last: ${lastError}`),
  );
}

/**
 * After a failed attempt: the least wait before the next one (the receiver's Retry-After;
 * the backoff comes on top), or 'give-up' when that wait would end past the maximum age,
 * since waiting would only end in giving up.
 */
export function waitBeforeRetry(failure: unknown, remainingMs: number): number | 'give-up' {
  const wait = failure instanceof ResponseError ? (failure.retryAfterMs ?? 0) : 0;
  return wait >= remainingMs ? 'give-up' : wait;
}
