import { VigilError } from '@vigil/contracts';

/** Codes of every error the detection core raises; callers branch on the code, never on the message. */
export type DetectionErrorCode = 'VIGIL_DETECT_BAD_CONFIG' | 'VIGIL_DETECT_BAD_SNAPSHOT';

/** A configuration or snapshot error: retrying the same call cannot help. */
export class DetectionError extends VigilError<DetectionErrorCode> {
  constructor(code: DetectionErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, false, options);
  }
}
