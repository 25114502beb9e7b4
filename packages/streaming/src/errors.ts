import { VigilError } from '@vigil/contracts';

/** Codes of every error the streaming core raises; callers branch on the code, never on the message. */
export type StreamingErrorCode =
  'VIGIL_STREAM_BAD_WINDOW_SPEC' | 'VIGIL_STREAM_BAD_WATERMARK_OPTIONS';

/** A programming or configuration error: retrying the same call cannot help. */
export class StreamingError extends VigilError<StreamingErrorCode> {
  constructor(code: StreamingErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, false, options);
  }
}
