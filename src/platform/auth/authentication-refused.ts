import type { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';

/**
 * Why authentication failed, as only the organisation's own developers are told it, in its
 * request journal (docs/decisions/0087-the-request-journal.md); the caller's fault says no more
 * than AUTH_FAILED does.
 */
export type AuthenticationReason =
  | 'ORGANISATION_UNKNOWN'
  | 'ORGANISATION_PASSWORD_WRONG'
  | 'USER_OF_ANOTHER_ORGANISATION'
  | 'USER_UNKNOWN_OR_UNUSABLE'
  | 'PASSWORD_WRONG'
  | 'TOKEN_MALFORMED';

/** A refusal of the authenticator, with the organisation it concerns (when known) and its reason. */
export class AuthenticationRefused extends DomainError {
  constructor(
    code: ErrorCode,
    detail: string | undefined,
    readonly organisationId: number | undefined,
    readonly reason: AuthenticationReason | undefined,
  ) {
    super(code, detail);
  }
}
