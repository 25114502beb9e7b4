import { VigilError } from '@vigil/contracts';

/**
 * Every error this package raises, with a code callers can branch on and whether
 * retrying the same request can help. Delivery reads `retriable` and nothing else,
 * so "should I retry?" is answered here, once.
 */
const RETRIABLE = {
  VIGIL_RESPONSE_POLICY_INVALID: false,
  VIGIL_RESPONSE_TARGET_INVALID: false,
  VIGIL_RESPONSE_SNAPSHOT_INVALID: false,
  /** Connection refused, reset, DNS failure or request timeout. */
  VIGIL_RESPONSE_NETWORK: true,
  /** 429: the receiver asked us to slow down. */
  VIGIL_RESPONSE_RATE_LIMITED: true,
  /** 5xx: the receiver is failing now and may recover. */
  VIGIL_RESPONSE_SERVER_ERROR: true,
  /** 4xx other than 429: the same request will be refused again. */
  VIGIL_RESPONSE_REJECTED: false,
  /** The alert is older than the delivery's maximum age. */
  VIGIL_RESPONSE_EXPIRED: false,
} as const;

export type ResponseErrorCode = keyof typeof RETRIABLE;

export class ResponseError extends VigilError<ResponseErrorCode> {
  /** HTTP status of the response that caused the error, when there was one. */
  readonly status: number | undefined;
  /** How long the receiver asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ResponseErrorCode,
    message: string,
    details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, RETRIABLE[code], { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** One line for logs and the `isolations.last_error` column. */
export function describeError(error: unknown): string {
  if (error instanceof ResponseError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
