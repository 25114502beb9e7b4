import { VigilError } from '@vigil/contracts';

export type RuntimeErrorCode =
  'VIGIL_CONFIG_INVALID' | 'VIGIL_MIGRATION_FAILED' | 'VIGIL_SQL_VALUE_INVALID';

/** The runtime's own errors: a wrong setting, a failed migration, a value SQL cannot take. */
export class RuntimeError extends VigilError<RuntimeErrorCode> {}
