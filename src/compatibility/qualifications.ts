import type { QualificationRecord } from '../achievements/qualification-register';

/**
 * The compatibility data set's qualification register: units and qualifications owned by the
 * two compatibility AOs (RN9001, RN9002), with a shared qualification, a shared unit, and one
 * whose operational dates have ended. Numbers carry Ofqual's check character.
 */
const seed = (record: Partial<QualificationRecord> & Pick<QualificationRecord, 'reference' | 'title'>): QualificationRecord => ({
  kind: 'QUALIFICATION',
  qualificationType: null,
  level: null,
  ownerRecognitionNumber: 'RN9001',
  ownerName: 'Compat Awarding Body One',
  operationalStartDate: '2015-09-01',
  operationalEndDate: null,
  certificationEndDate: null,
  gradingType: null,
  gradingScale: null,
  grades: [],
  creditValue: null,
  status: 'Available to learners',
  source: 'SEED',
  ...record,
});

const AO_TWO = { ownerRecognitionNumber: 'RN9002', ownerName: 'Compat Awarding Body Two' };
const PASS_UNIT = { kind: 'UNIT' as const, gradingType: 'Pass', gradingScale: 'Pass', grades: ['Pass'], level: 'Level 2' };

export const SEED_QUALIFICATIONS: QualificationRecord[] = [
  seed({
    reference: '60312348',
    title: 'Compat GCSE (9 to 1) in Mathematics',
    qualificationType: 'GCSE (9 to 1)',
    level: 'Level 1/Level 2',
    operationalStartDate: '2017-09-01',
    gradingType: 'Graded',
    gradingScale: '9 to 1',
    grades: ['9', '8', '7', '6', '5', '4', '3', '2', '1', 'U'],
  }),
  seed({
    reference: '60356789',
    title: 'Compat GCE A Level in History',
    qualificationType: 'GCE A Level',
    level: 'Level 3',
    gradingType: 'Graded',
    gradingScale: 'A* - E',
    grades: ['A*', 'A', 'B', 'C', 'D', 'E', 'U'],
  }),
  seed({
    reference: '60170700',
    title: 'Compat Level 2 Award in Workplace Skills',
    qualificationType: 'Other General Qualification',
    level: 'Level 2',
    gradingType: 'Pass',
    gradingScale: 'Pass',
    grades: ['Pass'],
    creditValue: 13,
  }),
  seed({
    // Operational dates ended: no new awards after 2015-08-31.
    reference: '50050503',
    title: 'Compat Level 2 Certificate in Customer Service (QCF)',
    qualificationType: 'QCF',
    level: 'Level 2',
    operationalStartDate: '2010-01-01',
    operationalEndDate: '2015-08-31',
    certificationEndDate: '2017-08-31',
    gradingType: 'Pass',
    gradingScale: 'Pass',
    grades: ['Pass'],
    status: 'No longer awarded',
  }),
  seed({
    reference: '60460611',
    ...AO_TWO,
    title: 'Compat Level 3 Extended Diploma in Engineering',
    qualificationType: 'Vocationally-Related Qualification',
    level: 'Level 3',
    operationalStartDate: '2016-09-01',
    gradingType: 'Pass/Merit/Distinction',
    gradingScale: 'Pass/Merit/Distinction/Distinction*',
    grades: ['Pass', 'Merit', 'Distinction', 'Distinction*'],
  }),
  seed({
    // Owned by AO Two and shared with AO One.
    reference: '60410103',
    ...AO_TWO,
    title: 'Compat Functional Skills Qualification in English at Level 2',
    qualificationType: 'Functional Skills',
    level: 'Level 2',
    gradingType: 'Pass/Fail',
    gradingScale: 'Pass/Fail',
    grades: ['Pass', 'Fail'],
  }),
  seed({ reference: 'A6017001', ...PASS_UNIT, title: 'Handling customer queries', creditValue: 3 }),
  seed({ reference: 'D6017002', ...PASS_UNIT, title: 'Health and safety in the workplace', creditValue: 2 }),
  seed({ reference: 'F6017003', ...PASS_UNIT, title: 'Working in a team', creditValue: 4 }),
  // Owned by AO Two and shared with AO One.
  seed({ reference: 'H6017004', ...PASS_UNIT, ...AO_TWO, title: 'Digital skills for work', creditValue: 4 }),
];

/** Which organisations (by UKPRN) each shared reference is shared with. */
export const SEED_SHARES: [reference: string, ukprn: string][] = [
  ['60410103', '10099901'],
  ['H6017004', '10099901'],
];

/** The units of the unit-based qualification, for the credit check towards it. */
export const SEED_QUALIFICATION_UNITS: [qualification: string, unit: string][] = [
  ['60170700', 'A6017001'],
  ['60170700', 'D6017002'],
  ['60170700', 'F6017003'],
  ['60170700', 'H6017004'],
];
