/** A Learner Register record as the domain sees it (the LRS Learner of docs/contracts.md, "The Learner record"). */
export interface LearnerRecord {
  uln: string;
  masterUln?: string | null;
  title?: string | null;
  givenName: string;
  middleOtherName?: string | null;
  familyName: string;
  preferredGivenName?: string | null;
  previousFamilyName?: string | null;
  familyNameAtAge16?: string | null;
  schoolAtAge16?: string | null;
  lastKnownAddressLine1?: string | null;
  lastKnownAddressLine2?: string | null;
  lastKnownAddressTown?: string | null;
  lastKnownAddressCountyOrCity?: string | null;
  lastKnownPostCode: string;
  dateOfAddressCapture?: string | null;
  dateOfBirth: string;
  placeOfBirth?: string | null;
  gender: number;
  emailAddress?: string | null;
  telephoneNumber?: string | null;
  nationality?: string | null;
  scottishCandidateNumber?: string | null;
  verificationType?: number | null;
  otherVerificationDescription?: string | null;
  tierLevel?: number | null;
  abilityToShare: number;
  learnerStatus: number;
  notes?: string | null;
  versionNumber?: number;
  createdDate: string;
  lastUpdatedDate: string;
}

/** The columns of the learners table, in the order the bulk writer uses. */
export const LEARNER_COLUMNS: [keyof LearnerRecord, string][] = [
  ['uln', 'uln'],
  ['masterUln', 'master_uln'],
  ['title', 'title'],
  ['givenName', 'given_name'],
  ['middleOtherName', 'middle_other_name'],
  ['familyName', 'family_name'],
  ['preferredGivenName', 'preferred_given_name'],
  ['previousFamilyName', 'previous_family_name'],
  ['familyNameAtAge16', 'family_name_at_age16'],
  ['schoolAtAge16', 'school_at_age16'],
  ['lastKnownAddressLine1', 'address_line1'],
  ['lastKnownAddressLine2', 'address_line2'],
  ['lastKnownAddressTown', 'address_town'],
  ['lastKnownAddressCountyOrCity', 'address_county_or_city'],
  ['lastKnownPostCode', 'postcode'],
  ['dateOfAddressCapture', 'date_of_address_capture'],
  ['dateOfBirth', 'date_of_birth'],
  ['placeOfBirth', 'place_of_birth'],
  ['gender', 'gender'],
  ['emailAddress', 'email_address'],
  ['telephoneNumber', 'telephone_number'],
  ['nationality', 'nationality'],
  ['scottishCandidateNumber', 'scottish_candidate_number'],
  ['verificationType', 'verification_type'],
  ['otherVerificationDescription', 'other_verification_description'],
  ['tierLevel', 'tier_level'],
  ['abilityToShare', 'ability_to_share'],
  ['learnerStatus', 'learner_status'],
  ['notes', 'notes'],
  ['versionNumber', 'version_number'],
  ['createdDate', 'created_date'],
  ['lastUpdatedDate', 'last_updated_date'],
];

/** A row of the learners table, read by raw SQL, as a record. */
export function recordFromRow(row: Record<string, unknown>): LearnerRecord {
  const record = Object.fromEntries(LEARNER_COLUMNS.map(([field, column]) => [field, row[column]])) as Record<string, unknown>;
  for (const field of ['gender', 'verificationType', 'tierLevel', 'abilityToShare', 'learnerStatus', 'versionNumber']) {
    if (record[field] !== null && record[field] !== undefined) record[field] = Number(record[field]);
  }
  return record as unknown as LearnerRecord;
}
