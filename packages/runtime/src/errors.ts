/** Every error Vigil raises on purpose has a code; `retriable` says whether trying again can help. */
export type VigilErrorCode =
  | 'VIGIL_CONFIG_INVALID'
  | 'VIGIL_MESSAGE_INVALID'
  | 'VIGIL_STORE_FAILED'
  | 'VIGIL_MIGRATION_FAILED'
  | 'VIGIL_SQL_VALUE_INVALID';

export class VigilError extends Error {
  constructor(
    readonly code: VigilErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VigilError';
  }
}
