import unhomoglyph from 'unhomoglyph';

/**
 * guide 1.3 and 3.5.1: "'Generic' accounts are prohibited"; "the LRS prohibits the creation of
 * 'Guest' or generic user accounts". An account is refused when a word of its given or family
 * name is one of these (docs/users.md, "No generic accounts": the list is documented there).
 */
export const GENERIC_ACCOUNT_WORDS: readonly string[] = [
  'account',
  'admin',
  'administrator',
  'anonymous',
  'default',
  'demo',
  'department',
  'enquiries',
  'exams',
  'examinations',
  'generic',
  'guest',
  'helpdesk',
  'info',
  'login',
  'lrs',
  'nobody',
  'office',
  'reception',
  'receptionist',
  'root',
  'shared',
  'staff',
  'superuser',
  'support',
  'sysadmin',
  'system',
  'team',
  'temp',
  'temporary',
  'test',
  'tester',
  'testing',
  'training',
  'unknown',
  'user',
  'users',
  'visitor',
];

/**
 * Real surnames that are also on the list: a family name of "Guest" or "Root" is a person, not
 * a generic account (a given name of "Guest" is not).
 */
export const GENERIC_WORDS_ALLOWED_AS_FAMILY_NAME: readonly string[] = ['guest', 'root'];

/**
 * A word as it looks, so that look-alikes compare equal: compatibility decomposition (ſ → s,
 * ｒ → r), case, marks dropped (ì → i), then the Unicode confusables skeleton (UTS #39 section 4:
 * dotless ı, Cyrillic а and е, Greek ο → their Latin look-alikes) and the letters a to z kept.
 * Skeletons are compared with skeletons: the skeleton of "admin" is "adrnin", as is that of "Admın".
 */
export function skeletonOf(word: string): string {
  return unhomoglyph(withoutMarks(word).toLowerCase())
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function withoutMarks(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '');
}

const GENERIC = new Map(GENERIC_ACCOUNT_WORDS.map((word) => [skeletonOf(word), word]));
const ALLOWED_AS_FAMILY_NAME = new Set(GENERIC_WORDS_ALLOWED_AS_FAMILY_NAME);

/**
 * The word of the list a word looks like, if any. Some capitals look like a Latin letter their
 * small letter does not (Cyrillic Т, Greek Τ), so the word's own case is looked at as well.
 */
function genericWordLike(word: string): string | undefined {
  return GENERIC.get(skeletonOf(word)) ?? GENERIC.get(skeletonOf(unhomoglyph(withoutMarks(word))));
}

function genericWords(name: string): string[] {
  return name
    .split(/[\s.'’-]+/u)
    .map(genericWordLike)
    .filter((word): word is string => word !== undefined);
}

/** The generic words in the names, empty when the names are a person's. */
export function genericWordsIn(givenName: string, familyName: string): string[] {
  const found = [...genericWords(givenName), ...genericWords(familyName).filter((w) => !ALLOWED_AS_FAMILY_NAME.has(w))];
  return [...new Set(found)];
}
