import { DomainError } from '../../src/platform/errors';

/** 'OK' when the call succeeds, else the stable code of the DomainError it throws (anything else is rethrown). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}
