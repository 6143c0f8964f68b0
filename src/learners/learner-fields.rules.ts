import { isCalendarDate } from './dates';
import {
  checkDateOfBirth,
  checkName,
  checkPostcode,
  checkProhibitedText,
  isEmailAddress,
  type LearnerDataLists,
  type Problem,
} from './learner-data.rules';
import type { LearnerRecord } from './learner-record';

/**
 * A learner's details, the fields of the LRS LearnerToRegister in its order (docs/contracts.md,
 * "Registering and updating learners"): what registering, updating and importing a learner check
 * against guide Appendix B and the MIAP field rules, in one place.
 */
export const DETAIL_FIELDS = [
  'Title',
  'GivenName',
  'MiddleOtherName',
  'FamilyName',
  'PreferredGivenName',
  'PreviousFamilyName',
  'FamilyNameAtAge16',
  'SchoolAtAge16',
  'LastKnownAddressLine1',
  'LastKnownAddressLine2',
  'LastKnownAddressTown',
  'LastKnownAddressCountyOrCity',
  'LastKnownPostCode',
  'DateOfAddressCapture',
  'DateOfBirth',
  'PlaceOfBirth',
  'Gender',
  'EmailAddress',
  'Nationality',
  'ScottishCandidateNumber',
  'VerificationType',
  'OtherVerificationDescription',
  'AbilityToShare',
  'Notes',
] as const;

export type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * The same fields in the LRS BatchLearner's own order: PreferredGivenName before MiddleOtherName,
 * EmailAddress before Gender, AbilityToShare before VerificationType.
 */
export const BATCH_LEARNER_FIELDS: readonly DetailField[] = movedBefore(DETAIL_FIELDS, [
  ['PreferredGivenName', 'MiddleOtherName'],
  ['EmailAddress', 'Gender'],
  ['AbilityToShare', 'VerificationType'],
]);

/** The details as sent: text by field, absent or empty when not given. */
export type DetailsInput = Partial<Record<DetailField, string | undefined>>;

/** The details as the register holds them: the record without its ULN, links, status and dates. */
export type LearnerDetails = Omit<
  LearnerRecord,
  'uln' | 'masterUln' | 'tierLevel' | 'learnerStatus' | 'versionNumber' | 'createdDate' | 'lastUpdatedDate'
>;

/** The details that identify a learner: registering needs them all, and two learners never share them all. */
export const MANDATORY_DETAILS = ['GivenName', 'FamilyName', 'DateOfBirth', 'Gender', 'LastKnownPostCode'] as const;

/** The mandatory details of the input, as a search is made on them; undefined when one is missing. */
export function mandatoryDetailsOf(
  input: DetailsInput,
): { givenName: string; familyName: string; dateOfBirth: string; gender: string; lastKnownPostCode: string } | undefined {
  const value = (field: DetailField) => input[field]?.trim() || undefined;
  const [givenName, familyName, dateOfBirth, gender, lastKnownPostCode] = MANDATORY_DETAILS.map(value);
  if (!givenName || !familyName || !dateOfBirth || !gender || !lastKnownPostCode) return undefined;
  return { givenName, familyName, dateOfBirth, gender, lastKnownPostCode };
}

/** guide Appendix B "Valid names" applies to these. */
const NAME_FIELDS: DetailField[] = [
  'GivenName',
  'PreferredGivenName',
  'MiddleOtherName',
  'FamilyName',
  'PreviousFamilyName',
  'FamilyNameAtAge16',
];

const MAX_LENGTHS: [DetailField, number][] = [
  ['Title', 35],
  ['SchoolAtAge16', 254],
  ['LastKnownAddressLine1', 50],
  ['LastKnownAddressLine2', 50],
  ['LastKnownAddressTown', 50],
  ['LastKnownAddressCountyOrCity', 50],
  ['PlaceOfBirth', 35],
  ['EmailAddress', 254],
  ['Nationality', 3],
  ['OtherVerificationDescription', 255],
  ['Notes', 4000],
];

const NUMBER_FIELDS: DetailField[] = ['Gender', 'VerificationType', 'AbilityToShare'];

const CODES: [DetailField, RegExp, string][] = [
  ['Gender', /^[0129]$/, 'Gender must be 0, 1, 2 or 9'],
  ['ScottishCandidateNumber', /^\d{9}$/, 'ScottishCandidateNumber is nine digits'],
  ['AbilityToShare', /^[012]$/, 'AbilityToShare must be 0, 1 or 2'],
  ['VerificationType', /^([0-7]|999)$/, 'VerificationType must be 0 to 7 or 999'],
];

export interface DetailsRules {
  /** The fields that must be given (beyond the mandatory details, which are always checked when given). */
  required: readonly DetailField[];
  /** AbilityToShare when it is not given. */
  abilityToShareWhenAbsent: number;
}

/**
 * Checks a learner's details against guide Appendix B (valid names, age 11 to 110, prohibited
 * postcodes and text) and the MIAP field rules (lengths, codes, dates, email), giving the
 * details as held (postcode in its normal form, codes as numbers), or every problem found.
 * A problem names the field as DETAIL_FIELDS does.
 */
export function checkLearnerDetails(
  input: DetailsInput,
  lists: LearnerDataLists,
  today: string,
  rules: DetailsRules,
): { details?: LearnerDetails; problems: Problem[] } {
  const problems: Problem[] = [];
  const value = (field: DetailField) => {
    const v = input[field]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problem = (field: string, code: Problem['code'], detail: string) => problems.push({ field, code, detail });

  for (const field of rules.required) {
    if (value(field) === undefined) problem(field, 'LEARNER_FIELD_INVALID', `${field} is required`);
  }
  for (const field of NAME_FIELDS) {
    const name = value(field);
    const found = name === undefined ? undefined : checkName(field, name);
    if (found) problems.push(found);
  }
  const dateOfBirth = value('DateOfBirth');
  const dobProblem = dateOfBirth === undefined ? undefined : checkDateOfBirth(dateOfBirth, today);
  if (dobProblem) problems.push({ ...dobProblem, field: 'DateOfBirth' });
  const postcodeRaw = value('LastKnownPostCode');
  const postcode = postcodeRaw === undefined ? undefined : checkPostcode(postcodeRaw, lists, 'LastKnownPostCode');
  if (postcode?.problem) problems.push(postcode.problem);
  const captured = value('DateOfAddressCapture');
  if (captured !== undefined && !isCalendarDate(captured)) {
    problem('DateOfAddressCapture', 'LEARNER_DATE_INVALID', 'DateOfAddressCapture is not a yyyy-mm-dd date');
  }
  for (const [field, max] of MAX_LENGTHS) {
    if ((value(field)?.length ?? 0) > max) problem(field, 'LEARNER_FIELD_INVALID', `${field} is longer than ${max} characters`);
  }
  const email = value('EmailAddress');
  if (email !== undefined && !isEmailAddress(email))
    problem('EmailAddress', 'LEARNER_FIELD_INVALID', 'EmailAddress is not an email address');
  for (const [field, shape, detail] of CODES) {
    const code = value(field);
    if (code !== undefined && !shape.test(code)) {
      problem(field, field === 'Gender' ? 'LEARNER_GENDER_INVALID' : 'LEARNER_FIELD_INVALID', detail);
    }
  }
  problems.push(...checkProhibitedText(Object.fromEntries(DETAIL_FIELDS.map((f) => [f, value(f)])), lists));

  // Without every mandatory detail there is no record to hold: the caller says what that means.
  if (problems.length > 0 || MANDATORY_DETAILS.some((field) => value(field) === undefined) || !postcode?.postcode) {
    return { problems };
  }
  const details = Object.fromEntries(DETAIL_FIELDS.map((field) => [propertyOf(field), value(field) ?? null])) as Record<
    string,
    string | number | null
  >;
  for (const field of NUMBER_FIELDS) details[propertyOf(field)] = value(field) === undefined ? null : Number(value(field));
  details.lastKnownPostCode = postcode.postcode;
  details.abilityToShare ??= rules.abilityToShareWhenAbsent;
  return { details: details as unknown as LearnerDetails, problems };
}

/** A held record's details as input again, each field as the contract writes it: to merge a change into. */
export function detailsInputOf(record: LearnerDetails): DetailsInput {
  const held = record as unknown as Record<string, string | number | null | undefined>;
  return Object.fromEntries(
    DETAIL_FIELDS.map((field) => {
      const value = held[propertyOf(field)];
      return [field, value === null || value === undefined ? undefined : String(value)];
    }),
  );
}

/** The record's property for a field: the same name, starting in lower case (GivenName, givenName). */
function propertyOf(field: DetailField): string {
  return field[0].toLowerCase() + field.slice(1);
}

/** The list with each first name of a pair moved to just before the second. */
function movedBefore<T>(list: readonly T[], moves: [T, T][]): T[] {
  let result = [...list];
  for (const [item, before] of moves) {
    result = result.filter((entry) => entry !== item);
    result.splice(result.indexOf(before), 0, item);
  }
  return result;
}
