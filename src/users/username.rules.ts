import { fail, ok, type Result } from '../platform/errors';
import { foldToAsciiLetters } from './person-name.rules';

/** users.username is varchar(35). */
export const USERNAME_MAX_LENGTH = 35;

/**
 * guide 3.5.3: "the LRS automatically produces a user account name out of the given name and
 * family names". The gateway's rule: given.family in lower case, a to z only ("Zoë O'Brien" →
 * "zoe.obrien"; "Sally Ann Smith-Jones" → "sallyann.smithjones").
 */
export function usernameBase(givenName: string, familyName: string): Result<string> {
  const given = foldToAsciiLetters(givenName);
  const family = foldToAsciiLetters(familyName);
  if (given === '' || family === '') {
    return fail('USER_NAME_INVALID', 'The username is made from the letters a to z of the names: each name needs at least one');
  }
  return ok(`${given}.${family}`);
}

/** The n-th candidate: the base itself, then base2, base3… cut so that it fits the column. */
export function usernameCandidate(base: string, n: number): string {
  const suffix = n === 1 ? '' : String(n);
  return base.slice(0, USERNAME_MAX_LENGTH - suffix.length).replace(/\.+$/, '') + suffix;
}

/**
 * The first candidate no account has ever had. `taken` must include deleted accounts: a
 * username is unique for ever, so a deleted user's name is never given to someone else (guide
 * 3.5.4: accounts are never reassigned). Two John Smiths are john.smith and john.smith2.
 */
export function nextFreeUsername(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((u) => u.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = usernameCandidate(base, n);
    if (!used.has(candidate)) return candidate;
  }
}

/** The prefix every candidate of a base starts with, to read the taken ones in one query. */
export function candidatePrefix(base: string): string {
  return usernameCandidate(base, 1_000_000).replace(/\d+$/, '');
}
