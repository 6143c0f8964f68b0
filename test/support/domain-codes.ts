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

/** 'no failure', or `CODE: message` of what the call throws. */
export async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no failure';
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}
