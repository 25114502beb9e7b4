/** Codes of every error the detection core raises; callers branch on the code, never on the message. */
export type DetectionErrorCode = 'VIGIL_DETECT_BAD_CONFIG' | 'VIGIL_DETECT_BAD_SNAPSHOT';

/** A configuration or snapshot error: retrying the same call cannot help. */
export class DetectionError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: DetectionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DetectionError';
  }
}
