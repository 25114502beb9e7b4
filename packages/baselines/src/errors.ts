import { VigilError } from '@vigil/contracts';

/** Codes of every error the baselines raise; callers branch on the code, never on the message. */
export type BaselineErrorCode = 'VIGIL_BASELINE_BAD_OPTIONS' | 'VIGIL_BASELINE_BAD_SNAPSHOT';

/** A configuration or snapshot error: retrying the same call cannot help. */
export class BaselineError extends VigilError<BaselineErrorCode> {
  constructor(code: BaselineErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, false, options);
  }
}
