/** Codes of every error the baselines raise; callers branch on the code, never on the message. */
export type BaselineErrorCode = 'VIGIL_BASELINE_BAD_OPTIONS' | 'VIGIL_BASELINE_BAD_SNAPSHOT';

/** A configuration or snapshot error: retrying the same call cannot help. */
export class BaselineError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: BaselineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BaselineError';
  }
}
