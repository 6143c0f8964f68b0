import { ERROR_CODES, type ErrorCode } from './error-codes';

/**
 * A rejection the caller can act on. `detail` is a human-readable explanation that never
 * carries learner demographics, secrets or internals (paths, SQL, stacks).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? ERROR_CODES[code].message);
    this.name = 'DomainError';
  }

  get definition() {
    return ERROR_CODES[this.code];
  }
}

/** A refusal that the same call gets past later, unchanged: the answer says when (Retry-After). */
export class RetryLaterError extends DomainError {
  constructor(
    code: ErrorCode,
    readonly retryAfterSeconds: number,
    detail?: string,
  ) {
    super(code, detail);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** A rule's verdict: either a value or the code of the rule it broke. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, detail: string): Result<T> => ({ ok: false, code, detail });

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.code, result.detail);
}

/**
 * Another transaction changed what a set of rows was decided on (a key created or a record
 * updated meanwhile): the caller rolls back and decides them again from fresh reads.
 */
export class ConcurrentChange extends Error {}
