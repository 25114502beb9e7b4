/** Every failure this package reports, so callers branch on a code, not on message text. */
export type IdentityErrorCode =
  | 'VIGIL_IDENTITY_INVALID_CONFIG'
  | 'VIGIL_IDENTITY_NOT_JSON'
  | 'VIGIL_IDENTITY_UNKNOWN_SHAPE'
  | 'VIGIL_IDENTITY_INVALID_NORMALIZED'
  | 'VIGIL_IDENTITY_INVALID_OKTA'
  | 'VIGIL_IDENTITY_UNMAPPABLE_OKTA';

export class IdentityError extends Error {
  readonly code: IdentityErrorCode;
  /** Retrying the same input can never help: every identity error comes from data or config. */
  readonly retriable = false;

  constructor(code: IdentityErrorCode, message: string) {
    super(message);
    this.name = 'IdentityError';
    this.code = code;
  }
}
