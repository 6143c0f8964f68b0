import { fail, ok, type Result } from '../platform/errors';

/** The longest given or family name a user record holds (users.given_name / family_name). */
export const PERSON_NAME_MAX_LENGTH = 35;

// Letters of any script, spaces, hyphens, apostrophes and full stops ("Mary-Jane", "O'Brien", "St. John").
const PERSON_NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** A staff member's given or family name, trimmed with inner spaces collapsed (guide 3.5.1: both mandatory). */
export function personName(raw: string, field: 'givenName' | 'familyName'): Result<string> {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name === '') return fail('USER_NAME_INVALID', `${field} is mandatory`);
  if ([...name].length > PERSON_NAME_MAX_LENGTH) {
    return fail('USER_NAME_INVALID', `${field} must be at most ${PERSON_NAME_MAX_LENGTH} characters`);
  }
  if (!PERSON_NAME.test(name)) {
    return fail('USER_NAME_INVALID', `${field} may contain only letters, spaces, hyphens, apostrophes and full stops`);
  }
  return ok(name);
}

/** The name folded to the letters a to z: accents dropped, everything else removed ("Zoë O'Brien" → "zoeobrien"). */
export function foldToAsciiLetters(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
