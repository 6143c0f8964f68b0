import { doubleMetaphone } from 'double-metaphone';
import { nameLetters, nameParts } from './names';

/** The longest key kept (learner_search_keys.name_key): a name is at most 35 characters. */
export const NAME_KEY_LENGTH = 40;

/**
 * The sound keys of a name (docs/decisions/0079-finding-learners-by-search-keys.md): the Double
 * Metaphone codes of each part of a double or hyphenated name and of its letters run together
 * ("Sally Ann": SL, AN, SLN). Names that sound alike share a key; so do most small spelling
 * differences (Smith, Smyth), which the matching rules then judge.
 */
export function nameSoundKeys(name: string | null | undefined): string[] {
  if (!name) return [];
  const words = new Set([...nameParts(name).map((part) => part.replace(/[^a-z]/g, '')), nameLetters(name)]);
  const keys = new Set<string>();
  for (const word of words) {
    if (word === '') continue;
    for (const code of doubleMetaphone(word)) if (code !== '') keys.add(code.slice(0, NAME_KEY_LENGTH));
  }
  return [...keys];
}

/** The names a register record is found by: every name the matching rules compare a supplied name with. */
export interface SearchableNames {
  givenName: string;
  familyName: string;
  preferredGivenName?: string | null;
  previousFamilyName?: string | null;
}

/**
 * The keys a record is filed under beside its date of birth. Given and family names share one
 * set of keys, so a search finds a record whose names were swapped over as well.
 */
export function searchKeysOf(names: SearchableNames): string[] {
  return [
    ...new Set([
      ...nameSoundKeys(names.givenName),
      ...nameSoundKeys(names.preferredGivenName),
      ...nameSoundKeys(names.familyName),
      ...nameSoundKeys(names.previousFamilyName),
    ]),
  ];
}
