/**
 * Names as the Learner Register compares and accepts them.
 * guide Appendix C: names are compared "after normalisation of capital and lower case letters";
 * spaces are normalised too, so " Sally  Ann" is "Sally Ann" (docs/decisions/0018-verification-failure-flags-and-withheld-details.md).
 */
export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The parts of a double or hyphenated name ("Sally Ann", "Smith-Jones"), normalised. */
export function nameParts(name: string): string[] {
  return normaliseName(name)
    .split(/[\s\-]+/)
    .map((part) => part.replace(/[.'`]/g, ''))
    .filter((part) => part.length > 0);
}

/** Letters only, for spelling comparison ("O'Brien" and "OBrien" are the same spelling). */
export function nameLetters(name: string): string {
  return normaliseName(name).replace(/[^a-z]/g, '');
}

// guide Appendix B "Valid names": space, A-Z, a-z, ' ` - . and at least one letter.
const VALID_NAME = /^[A-Za-z '`\-.]+$/;
const HAS_LETTER = /[A-Za-z]/;

export function isValidName(name: string): boolean {
  return VALID_NAME.test(name) && HAS_LETTER.test(name);
}
