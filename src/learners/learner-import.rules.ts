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
import { isValidUln } from './uln';

/**
 * One row of an LRB learner file (docs/contracts.md, "Learner files" headings, plus MasterULN for a linked
 * learner) checked against guide Appendix B and the MIAP field rules, giving the register
 * record or every problem found.
 */
export type RegisterRow = Record<string, string | undefined>;

export const REQUIRED_COLUMNS = ['ULN', 'GivenName', 'FamilyName', 'DateOfBirth', 'Gender', 'LastKnownPostCode'] as const;

const OPTIONAL_NAME_COLUMNS: [string, keyof LearnerRecord][] = [
  ['PreferredGivenName', 'preferredGivenName'],
  ['MiddleOtherName', 'middleOtherName'],
  ['PreviousFamilyName', 'previousFamilyName'],
  ['FamilyNameAt16', 'familyNameAtAge16'],
];

const MAX_LENGTHS: [string, number][] = [
  ['Title', 35],
  ['SchoolAtAge16', 254],
  ['LastKnownAddressLine1', 50],
  ['LastKnownAddressLine2', 50],
  ['LastKnownAddressTown', 50],
  ['LastKnownAddressCountyorCity', 50],
  ['PlaceOfBirth', 35],
  ['EmailAddress', 254],
  ['Nationality', 3],
  ['OtherVerificationDescription', 255],
  ['Notes', 4000],
];

export function checkRegisterRow(
  row: RegisterRow,
  lists: LearnerDataLists,
  today: string,
): { record?: LearnerRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const value = (column: string) => {
    const v = row[column]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problem = (field: string, code: Problem['code'], detail: string) => problems.push({ field, code, detail });

  for (const column of REQUIRED_COLUMNS) {
    if (value(column) === undefined) problem(column, 'LEARNER_FIELD_INVALID', `${column} is required`);
  }
  const uln = value('ULN');
  if (uln !== undefined && !isValidUln(uln)) problem('ULN', 'ULN_INVALID', 'ULN is not a valid Unique Learner Number');
  const masterUln = value('MasterULN');
  if (masterUln !== undefined && (!isValidUln(masterUln) || masterUln === uln)) {
    problem('MasterULN', 'ULN_INVALID', 'MasterULN must be a valid ULN other than the learner’s own');
  }
  for (const column of ['GivenName', 'FamilyName']) {
    const name = value(column);
    const found = name === undefined ? undefined : checkName(column, name);
    if (found) problems.push(found);
  }
  for (const [column] of OPTIONAL_NAME_COLUMNS) {
    const name = value(column);
    const found = name === undefined ? undefined : checkName(column, name);
    if (found) problems.push(found);
  }
  const dateOfBirth = value('DateOfBirth');
  const dobProblem = dateOfBirth === undefined ? undefined : checkDateOfBirth(dateOfBirth, today);
  if (dobProblem) problems.push({ ...dobProblem, field: 'DateOfBirth' });
  const gender = value('Gender');
  if (gender !== undefined && !/^[0129]$/.test(gender))
    problem('Gender', 'LEARNER_GENDER_INVALID', 'Gender must be 0, 1, 2 or 9');
  const postcodeRaw = value('LastKnownPostCode');
  const postcode = postcodeRaw === undefined ? undefined : checkPostcode(postcodeRaw, lists, 'LastKnownPostCode');
  if (postcode?.problem) problems.push(postcode.problem);
  for (const column of ['DateOfAddressCapture']) {
    const date = value(column);
    if (date !== undefined && !isCalendarDate(date))
      problem(column, 'LEARNER_DATE_INVALID', `${column} is not a yyyy-mm-dd date`);
  }
  for (const [column, max] of MAX_LENGTHS) {
    if ((value(column)?.length ?? 0) > max)
      problem(column, 'LEARNER_FIELD_INVALID', `${column} is longer than ${max} characters`);
  }
  const email = value('EmailAddress');
  if (email !== undefined && !isEmailAddress(email))
    problem('EmailAddress', 'LEARNER_FIELD_INVALID', 'EmailAddress is not an email address');
  const scn = value('ScottishCandidateNumber');
  if (scn !== undefined && !/^\d{9}$/.test(scn))
    problem('ScottishCandidateNumber', 'LEARNER_FIELD_INVALID', 'ScottishCandidateNumber is nine digits');
  const share = value('AbilityToShare');
  if (share !== undefined && !/^[012]$/.test(share))
    problem('AbilityToShare', 'LEARNER_FIELD_INVALID', 'AbilityToShare must be 0, 1 or 2');
  const verification = value('VerificationType');
  if (verification !== undefined && !/^([0-7]|999)$/.test(verification)) {
    problem('VerificationType', 'LEARNER_FIELD_INVALID', 'VerificationType must be 0 to 7 or 999');
  }
  problems.push(...checkProhibitedText(row, lists));

  if (problems.length > 0 || !uln || !dateOfBirth || !gender || !postcode?.postcode) return { problems };
  const record: LearnerRecord = {
    uln,
    masterUln: masterUln ?? null,
    title: value('Title') ?? null,
    givenName: value('GivenName') as string,
    familyName: value('FamilyName') as string,
    schoolAtAge16: value('SchoolAtAge16') ?? null,
    lastKnownAddressLine1: value('LastKnownAddressLine1') ?? null,
    lastKnownAddressLine2: value('LastKnownAddressLine2') ?? null,
    lastKnownAddressTown: value('LastKnownAddressTown') ?? null,
    lastKnownAddressCountyOrCity: value('LastKnownAddressCountyorCity') ?? null,
    lastKnownPostCode: postcode.postcode,
    dateOfAddressCapture: value('DateOfAddressCapture') ?? null,
    dateOfBirth,
    placeOfBirth: value('PlaceOfBirth') ?? null,
    gender: Number(gender),
    emailAddress: email ?? null,
    nationality: value('Nationality') ?? null,
    scottishCandidateNumber: scn ?? null,
    verificationType: verification === undefined ? null : Number(verification),
    otherVerificationDescription: value('OtherVerificationDescription') ?? null,
    abilityToShare: share === undefined ? 1 : Number(share),
    learnerStatus: 1,
    notes: value('Notes') ?? null,
    createdDate: today,
    lastUpdatedDate: today,
  };
  for (const [column, field] of OPTIONAL_NAME_COLUMNS)
    (record as unknown as Record<string, unknown>)[field] = value(column) ?? null;
  return { record, problems };
}
