import { foldToAsciiLetters } from './person-name.rules';

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

const GENERIC = new Set(GENERIC_ACCOUNT_WORDS);

function words(name: string): string[] {
  return name
    .split(/[\s.'’-]+/u)
    .map(foldToAsciiLetters)
    .filter((w) => w !== '');
}

/** The generic words in the names, empty when the names are a person's. */
export function genericWordsIn(givenName: string, familyName: string): string[] {
  const found = [
    ...words(givenName).filter((w) => GENERIC.has(w)),
    ...words(familyName).filter((w) => GENERIC.has(w) && !GENERIC_WORDS_ALLOWED_AS_FAMILY_NAME.includes(w)),
  ];
  return [...new Set(found)];
}
