import type { ErrorCode } from '../platform/error-codes';
import { ageOn, isCalendarDate } from './dates';
import { isValidName } from './names';
import { normalisePostcode } from './postcode';
import type { ProhibitedText } from './prohibited-text';

/** guide Appendix B: the restrictions on learner data. */
export const MINIMUM_AGE = 11;
export const MAXIMUM_AGE = 110;
export const MAX_NAME_LENGTH = 35;

export interface LearnerDataLists {
  /** Normalised postcodes ("HU1 1AB") of prisons and offender institutions. */
  prohibitedPostcodes: ReadonlySet<string>;
  prohibitedText: ProhibitedText;
}

export interface Problem {
  field: string;
  code: ErrorCode;
  detail: string;
}

/** The name fields the Appendix B "Valid names" rule applies to. */
export const RESTRICTED_NAME_FIELDS = [
  'givenName',
  'preferredGivenName',
  'middleOtherName',
  'familyName',
  'previousFamilyName',
  'familyNameAtAge16',
] as const;

export function checkName(field: string, value: string): Problem | undefined {
  if (value.length > MAX_NAME_LENGTH) {
    return { field, code: 'LEARNER_NAME_INVALID', detail: `${field} is longer than ${MAX_NAME_LENGTH} characters` };
  }
  if (!isValidName(value)) {
    return {
      field,
      code: 'LEARNER_NAME_INVALID',
      detail: `${field} may hold only letters, spaces, apostrophes, hyphens and dots, and at least one letter`,
    };
  }
  return undefined;
}

export function checkDateOfBirth(value: string, today: string): Problem | undefined {
  if (!isCalendarDate(value)) {
    return { field: 'dateOfBirth', code: 'LEARNER_DATE_INVALID', detail: 'dateOfBirth is not a yyyy-mm-dd date' };
  }
  const age = ageOn(value, today);
  if (age < MINIMUM_AGE || age > MAXIMUM_AGE) {
    return {
      field: 'dateOfBirth',
      code: 'LEARNER_AGE_OUT_OF_RANGE',
      detail: `the learner's age must be between ${MINIMUM_AGE} and ${MAXIMUM_AGE}`,
    };
  }
  return undefined;
}

/** The normalised postcode, or the problem with it. */
export function checkPostcode(
  value: string,
  lists: LearnerDataLists,
  field = 'postcode',
): { postcode?: string; problem?: Problem } {
  const postcode = normalisePostcode(value);
  if (!postcode) return { problem: { field, code: 'POSTCODE_INVALID', detail: `${field} is not a valid UK postcode` } };
  if (lists.prohibitedPostcodes.has(postcode)) {
    return { problem: { field, code: 'POSTCODE_PROHIBITED', detail: `${field} is on the prohibited postcode list` } };
  }
  return { postcode };
}

export function checkProhibitedText(fields: Record<string, unknown>, lists: LearnerDataLists): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    if (lists.prohibitedText.find(value) !== undefined) {
      problems.push({ field, code: 'TEXT_PROHIBITED', detail: `${field} contains prohibited text` });
    }
  }
  return problems;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

/** An e-mail address as the Learner Register takes one: something@somewhere.tld, no spaces. */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

export const MAX_TELEPHONE_LENGTH = 20;

/**
 * A telephone number: 7 to 15 digits (E.164's most), an optional leading +, and spaces, hyphens
 * and brackets between them, 20 characters at most.
 * docs/decisions/0082-updating-a-learners-details-over-r9.md
 */
export function checkTelephoneNumber(value: string, field = 'telephoneNumber'): Problem | undefined {
  const digits = value.replace(/[\s()-]/g, '');
  if (value.length > MAX_TELEPHONE_LENGTH || !/^\+?\d{7,15}$/.test(digits)) {
    return {
      field,
      code: 'LEARNER_FIELD_INVALID',
      detail: `${field} must be 7 to 15 digits, with an optional leading + and spaces, hyphens or brackets, at most ${MAX_TELEPHONE_LENGTH} characters`,
    };
  }
  return undefined;
}

/**
 * Whether the learner's record may be shown to organisations beyond the one that made an entry:
 * only when they have seen the fair-processing notice and agreed (AbilityToShare 1). The real LRS
 * answers WSEC0206 "learner has not agreed to share" for the PLR of one who has not.
 * docs/decisions/0056-a-learner-who-has-not-agreed-to-share.md
 */
export function sharesRecord(abilityToShare: number | undefined): boolean {
  return abilityToShare === 1;
}
