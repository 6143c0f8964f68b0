import type { LearnerRecord } from '../learners/learner-record';
import { ulnCheckDigit } from '../learners/uln';

/**
 * Several thousand fictitious learners with valid ULNs, the same on every machine: a seeded
 * generator (mulberry32) picks names, dates of birth and postcodes from fixed lists.
 */
const GIVEN = {
  1: [
    'Oliver',
    'George',
    'Harry',
    'Jack',
    'Jacob',
    'Noah',
    'Charlie',
    'Thomas',
    'Oscar',
    'William',
    'James',
    'Leo',
    'Alfie',
    'Henry',
    'Joshua',
    'Freddie',
    'Archie',
    'Ethan',
    'Isaac',
    'Alexander',
    'Joseph',
    'Edward',
    'Samuel',
    'Max',
    'Daniel',
    'Arthur',
    'Lucas',
    'Mohammed',
    'Logan',
    'Theo',
  ],
  2: [
    'Olivia',
    'Amelia',
    'Isla',
    'Ava',
    'Emily',
    'Isabella',
    'Mia',
    'Poppy',
    'Ella',
    'Lily',
    'Sophia',
    'Grace',
    'Evie',
    'Sophie',
    'Freya',
    'Ruby',
    'Daisy',
    'Chloe',
    'Florence',
    'Alice',
    'Jessica',
    'Phoebe',
    'Sienna',
    'Matilda',
    'Evelyn',
    'Charlotte',
    'Harriet',
    'Scarlett',
    'Millie',
    'Rosie',
  ],
} as const;
const FAMILY = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  'Griffiths',
  "O'Neill",
  'Ahmed',
  'Khan',
  'Begum',
  'Ali',
  'Singh',
  'Kaur',
  'Nowak',
  'Murphy',
  'Kelly',
];
const OUTWARD = [
  'M14',
  'B15',
  'LS6',
  'S10',
  'NG7',
  'L17',
  'BS8',
  'CF24',
  'NE6',
  'SO17',
  'CV4',
  'LE2',
  'OX4',
  'CB1',
  'YO10',
  'EX4',
  'PL4',
  'BN2',
  'SE15',
  'N16',
  'E17',
  'SW9',
  'G12',
  'EH9',
  'BT7',
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The synthetic learners one after another, the same sequence on every machine: the first N of
 * any run are the N of a shorter one, so a register can be grown without changing who is on it.
 */
export function* syntheticLearnerSequence(seed = 20261128, reserved: ReadonlySet<string> = new Set()): Generator<LearnerRecord> {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const used = new Set(reserved);
  for (;;) {
    const firstNine = String(300_000_000 + Math.floor(random() * 600_000_000));
    const check = ulnCheckDigit(firstNine);
    if (check === undefined) continue;
    const uln = firstNine + check;
    if (used.has(uln)) continue;
    used.add(uln);
    const gender = random() < 0.5 ? 1 : 2;
    const year = 1960 + Math.floor(random() * 52);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const familyName = pick(FAMILY);
    const married = gender === 2 && year < 1995 && random() < 0.2;
    yield {
      uln,
      givenName: pick(GIVEN[gender]),
      familyName,
      previousFamilyName: married ? pick(FAMILY) : null,
      dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      gender,
      lastKnownPostCode: `${pick(OUTWARD)} ${1 + Math.floor(random() * 9)}${pick([...INWARD_LETTERS])}${pick([...INWARD_LETTERS])}`,
      abilityToShare: 1,
      learnerStatus: 1,
      versionNumber: 1,
      createdDate: '2020-01-06',
      lastUpdatedDate: '2020-01-06',
    };
  }
}

export function syntheticLearners(count: number, seed = 20261128, reserved: ReadonlySet<string> = new Set()): LearnerRecord[] {
  const learners: LearnerRecord[] = [];
  if (count <= 0) return learners;
  for (const learner of syntheticLearnerSequence(seed, reserved)) {
    learners.push(learner);
    if (learners.length >= count) break;
  }
  return learners;
}
