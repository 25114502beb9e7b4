/** Every error Vigil raises on purpose has a code; `retriable` says whether trying again can help. */
export type VigilErrorCode =
  'VIGIL_CONFIG_INVALID' | 'VIGIL_MIGRATION_FAILED' | 'VIGIL_SQL_VALUE_INVALID';

/**
 * The stage runtime reads `retriable` (through `outageOf`): a retriable error
 * is waited out with consumption paused, anything else stops the service.
 */
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
