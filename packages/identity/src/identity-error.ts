import { VigilError } from '@vigil/contracts';

/** Every failure this package reports, so callers branch on a code, not on message text. */
export type IdentityErrorCode =
  | 'VIGIL_IDENTITY_INVALID_CONFIG'
  | 'VIGIL_IDENTITY_NOT_JSON'
  | 'VIGIL_IDENTITY_UNKNOWN_SHAPE'
  | 'VIGIL_IDENTITY_INVALID_NORMALIZED'
  | 'VIGIL_IDENTITY_INVALID_OKTA'
  | 'VIGIL_IDENTITY_UNMAPPABLE_OKTA';

/** Retrying the same input can never help: every identity error comes from data or config. */
export class IdentityError extends VigilError<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string) {
    super(code, message, false);
  }
}
