import { fail, ok, type Result } from '../platform/errors';

/**
 * The Unique Learner Number (docs/contracts.md, "The ULN"): ten digits, the first not zero, the
 * last a check digit. Weights 10..2 on the first nine digits; r = sum mod 11; r = 0 is never
 * issued; otherwise the check digit is 10 - r.
 */
export type Uln = string & { readonly __brand: 'Uln' };

const ULN_SHAPE = /^[1-9][0-9]{9}$/;

/** The check digit for nine leading digits, or undefined when no ULN can start with them. */
export function ulnCheckDigit(firstNine: string): number | undefined {
  if (!/^[1-9][0-9]{8}$/.test(firstNine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder === 0 ? undefined : 10 - remainder;
}

export function isValidUln(candidate: string): candidate is Uln {
  if (!ULN_SHAPE.test(candidate)) return false;
  return ulnCheckDigit(candidate.slice(0, 9)) === Number(candidate[9]);
}

export function parseUln(candidate: string): Result<Uln> {
  const trimmed = candidate.trim();
  if (!ULN_SHAPE.test(trimmed)) return fail('ULN_INVALID', 'A ULN is ten digits and does not start with 0');
  if (!isValidUln(trimmed)) return fail('ULN_INVALID', 'The ULN check digit is wrong');
  return ok(trimmed);
}
