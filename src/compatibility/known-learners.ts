import type { LearnerRecord } from '../learners/learner-record';

/**
 * Learners of the LRS compatibility environment (lrs-interfaces section 7, from recorded
 * responses), and learners designed to show each verification result. Test data only:
 * every name, address and number here is fictitious.
 */
const recorded = { createdDate: '2012-05-25', lastUpdatedDate: '2012-05-25', versionNumber: 1 };

export const KNOWN_LEARNERS: LearnerRecord[] = [
  {
    ...recorded,
    uln: '1026893096',
    title: 'Mrs',
    givenName: 'Sample',
    middleOtherName: 'Tester',
    familyName: 'Testname',
    preferredGivenName: 'Sample',
    previousFamilyName: 'OLDTESTNAME',
    familyNameAtAge16: 'TESTNAME',
    schoolAtAge16: 'Test Strategy School Foundation ',
    lastKnownAddressLine1: '1 JOBS LANE',
    lastKnownAddressTown: 'COVENTRY',
    lastKnownAddressCountyOrCity: 'WEST MIDLANDS',
    lastKnownPostCode: 'CV4 9EE',
    dateOfAddressCapture: '2009-04-25',
    dateOfBirth: '1976-08-16',
    placeOfBirth: 'Blean ',
    gender: 2,
    emailAddress: 'sample.testname@aol.compatibilitytest.com',
    scottishCandidateNumber: '845759406',
    verificationType: 1,
    tierLevel: 0,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    ...recorded,
    uln: '6936002314',
    title: 'Mr',
    givenName: 'Testing-Sample',
    middleOtherName: 'AllTesting',
    familyName: 'Test',
    preferredGivenName: 'Sample',
    familyNameAtAge16: 'Testsurname',
    schoolAtAge16: 'Test Academy Bristol ',
    lastKnownAddressLine1: '28 TOLLOHILL SQUARE',
    lastKnownAddressTown: 'ABERDEEN',
    lastKnownAddressCountyOrCity: 'ABERDEENSHIRE',
    lastKnownPostCode: 'AB12 3EQ',
    dateOfAddressCapture: '2008-07-13',
    dateOfBirth: '1985-03-27',
    placeOfBirth: 'Whittlesey ',
    gender: 1,
    emailAddress: 'testing-sample.test@inbox.compatibilitytest.com',
    scottishCandidateNumber: '145589606',
    verificationType: 0,
    tierLevel: 0,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    // Registered twice; linked to 6936002314, the master (lrs-interfaces 7, "Linked learner").
    ...recorded,
    uln: '4444599390',
    masterUln: '6936002314',
    title: 'Mr',
    givenName: 'Sample',
    familyName: 'Test',
    lastKnownPostCode: 'AB12 5EQ',
    dateOfBirth: '1985-03-27',
    gender: 1,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    ...recorded,
    uln: '1964986809',
    title: 'Miss',
    givenName: 'Sample',
    middleOtherName: 'Testing',
    familyName: 'Test',
    preferredGivenName: 'Sample',
    familyNameAtAge16: 'TEST',
    schoolAtAge16: 'Testing Testers School ',
    lastKnownAddressLine1: '1 TEST GARDENS',
    lastKnownAddressTown: 'TESTERS BAY',
    lastKnownAddressCountyOrCity: 'TYNE AND WEAR',
    lastKnownPostCode: 'NE00 1ND',
    dateOfAddressCapture: '2010-09-07',
    dateOfBirth: '1995-06-28',
    placeOfBirth: 'Chard ',
    gender: 2,
    emailAddress: 'sample.test@yahoo.compatibilitytest.co.uk',
    scottishCandidateNumber: '820208781',
    verificationType: 5,
    tierLevel: 2,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    ...recorded,
    uln: '8383558804',
    title: 'Miss',
    givenName: 'Sample',
    middleOtherName: 'Testing',
    familyName: 'Test',
    preferredGivenName: 'Sample',
    familyNameAtAge16: 'TEST',
    schoolAtAge16: 'Testing Testers School ',
    lastKnownAddressLine1: '14 TESTER DRIVE',
    lastKnownAddressLine2: 'MARCHWOOD',
    lastKnownAddressTown: 'SOUTHAMPTON',
    lastKnownAddressCountyOrCity: 'HAMPSHIRE',
    lastKnownPostCode: 'SO00 1JX',
    dateOfAddressCapture: '2010-09-07',
    dateOfBirth: '1995-06-28',
    placeOfBirth: 'Chard ',
    gender: 2,
    emailAddress: 'sample.test@yahoo.compatibilitytest.co.uk',
    scottishCandidateNumber: '820208781',
    verificationType: 5,
    tierLevel: 2,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    ...recorded,
    uln: '1174112637',
    title: 'Mr',
    givenName: 'TestOne',
    familyName: 'TesterOne',
    lastKnownPostCode: 'CV1 2WT',
    dateOfBirth: '1980-11-01',
    gender: 1,
    abilityToShare: 1,
    learnerStatus: 1,
  },
  {
    // Has not agreed to share (lrs-interfaces 7, "PLR, not shared").
    ...recorded,
    uln: '1026922983',
    givenName: 'Private',
    familyName: 'Testlearner',
    lastKnownPostCode: 'LS1 4AP',
    dateOfBirth: '1992-01-15',
    gender: 2,
    abilityToShare: 2,
    learnerStatus: 1,
  },
  ...designed(),
];

function designed(): LearnerRecord[] {
  const base = { createdDate: '2024-09-01', lastUpdatedDate: '2024-09-01', versionNumber: 1, abilityToShare: 1, learnerStatus: 1 };
  return [
    { ...base, uln: '2000000087', givenName: 'James', familyName: 'Smith', dateOfBirth: '2001-02-03', gender: 1, lastKnownPostCode: 'M1 1AE' },
    { ...base, uln: '2000000222', givenName: 'Sally Ann', familyName: 'Jones', dateOfBirth: '2003-04-05', gender: 2, lastKnownPostCode: 'B1 1BB' },
    { ...base, uln: '2000000362', givenName: 'Jonathan', familyName: 'Brown', dateOfBirth: '2002-06-07', gender: 1, lastKnownPostCode: 'L1 8JQ' },
    {
      ...base,
      uln: '2000000435',
      givenName: 'Emma',
      familyName: 'Clarke',
      previousFamilyName: 'Wilson',
      dateOfBirth: '1990-09-10',
      gender: 2,
      lastKnownPostCode: 'BS1 4DJ',
    },
    { ...base, uln: '2000000508', givenName: 'Alex', familyName: 'Taylor', dateOfBirth: '2004-12-01', gender: 0, lastKnownPostCode: 'NG1 5FS' },
    { ...base, uln: '2000000575', givenName: 'Siobhan', familyName: "O'Brien", dateOfBirth: '1999-03-17', gender: 2, lastKnownPostCode: 'CF10 1EP' },
  ];
}

/** What each known learner gives for a given input: the README's table, and a test. */
export interface VerificationScenario {
  what: string;
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: 0 | 1 | 2 | 9;
  responseCode: string;
  failureFlags: string[];
}

export const VERIFICATION_SCENARIOS: VerificationScenario[] = [
  { what: 'exact match', uln: '1026893096', givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-16', gender: 2, responseCode: 'WSVRC001', failureFlags: [] },
  { what: 'exact, case and spaces differ', uln: '1026893096', givenName: ' SAMPLE ', familyName: 'testname', responseCode: 'WSVRC001', failureFlags: [] },
  { what: 'exact via a linked ULN: master returned', uln: '4444599390', givenName: 'Sample', familyName: 'Test', dateOfBirth: '1985-03-27', responseCode: 'WSVRC002', failureFlags: [] },
  { what: 'previous family name', uln: '1026893096', givenName: 'Sample', familyName: 'Oldtestname', responseCode: 'WSVRC003', failureFlags: ['VRF5'] },
  { what: 'synonym (Jim for James)', uln: '2000000087', givenName: 'Jim', familyName: 'Smith', dateOfBirth: '2001-02-03', responseCode: 'WSVRC003', failureFlags: ['VRF1'] },
  { what: 'double name (Sally for Sally Ann)', uln: '2000000222', givenName: 'Sally', familyName: 'Jones', responseCode: 'WSVRC003', failureFlags: ['VRF1'] },
  { what: 'small spelling difference', uln: '2000000362', givenName: 'Johnathan', familyName: 'Brown', responseCode: 'WSVRC003', failureFlags: ['VRF1'] },
  { what: 'apostrophe left out', uln: '2000000575', givenName: 'Siobhan', familyName: 'OBrien', responseCode: 'WSVRC003', failureFlags: ['VRF5'] },
  { what: 'names swapped', uln: '2000000435', givenName: 'Clarke', familyName: 'Emma', responseCode: 'WSVRC003', failureFlags: ['VRF1', 'VRF5'] },
  { what: 'possible via a linked ULN', uln: '4444599390', givenName: 'Testing', familyName: 'Test', responseCode: 'WSVRC004', failureFlags: ['VRF1'] },
  { what: 'date of birth differs', uln: '1026893096', givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-17', responseCode: 'WSVRC005', failureFlags: ['VRF7'] },
  { what: 'gender differs', uln: '1174112637', givenName: 'TestOne', familyName: 'TesterOne', gender: 2, responseCode: 'WSVRC005', failureFlags: ['VRF8'] },
  { what: 'names match nothing', uln: '1026893096', givenName: 'Darcie', familyName: 'Tucker', responseCode: 'WSVRC005', failureFlags: ['VRF1', 'VRF2', 'VRF3', 'VRF4', 'VRF5', 'VRF6'] },
  { what: 'ULN not on the register', uln: '2000000648', givenName: 'Nobody', familyName: 'Known', responseCode: 'WSVRC006', failureFlags: ['VRF1', 'VRF5'] },
];
