import { distance } from 'fastest-levenshtein';
import { doubleMetaphone } from 'double-metaphone';
import { nameLetters, nameParts, normaliseName } from './names';
import type { SynonymIndex } from './synonyms';

/**
 * How a supplied name compares with a held one (guide Appendix C):
 * - exact: equal after case and space normalisation;
 * - fuzzy: a possible match, never exact: any part of a double name matches ("Sally Ann" and
 *   "Sally"), the same letters ("O'Brien", "OBrien"), a given-name synonym ("Jim", "James"),
 *   a small spelling difference ("Jonathan", "Johnathan") or the same sound ("Catherine", "Kathryn");
 * - none.
 */
export type NameMatch = 'exact' | 'fuzzy' | 'none';

export type NameKind = 'given' | 'family';

export function compareNames(
  supplied: string,
  held: string | null | undefined,
  kind: NameKind,
  synonyms: SynonymIndex,
): NameMatch {
  if (held === null || held === undefined || held.trim() === '') return 'none';
  if (normaliseName(supplied) === normaliseName(held)) return 'exact';
  return isFuzzyMatch(supplied, held, kind, synonyms) ? 'fuzzy' : 'none';
}

function isFuzzyMatch(supplied: string, held: string, kind: NameKind, synonyms: SynonymIndex): boolean {
  const suppliedLetters = nameLetters(supplied);
  const heldLetters = nameLetters(held);
  if (suppliedLetters === '' || heldLetters === '') return false;
  if (suppliedLetters === heldLetters) return true;
  const suppliedParts = nameParts(supplied);
  const heldParts = nameParts(held);
  for (const s of suppliedParts) {
    for (const h of heldParts) {
      if (s === h) return true;
      if (kind === 'given' && synonyms.areSynonyms(s, h)) return true;
    }
  }
  return isSmallSpellingDifference(suppliedLetters, heldLetters) || soundsAlike(suppliedLetters, heldLetters);
}

/** One edit in names of up to seven letters, two in longer ones. */
export function isSmallSpellingDifference(a: string, b: string): boolean {
  const longest = Math.max(a.length, b.length);
  const allowed = longest <= 7 ? 1 : 2;
  return Math.abs(a.length - b.length) <= allowed && distance(a, b) <= allowed;
}

/** Double Metaphone codes in common, for names long enough that a code means something. */
export function soundsAlike(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 3) return false;
  const [aPrimary, aSecondary] = doubleMetaphone(a);
  const [bPrimary, bSecondary] = doubleMetaphone(b);
  const aCodes = new Set([aPrimary, aSecondary].filter((code) => code.length > 1));
  return [bPrimary, bSecondary].some((code) => aCodes.has(code));
}
