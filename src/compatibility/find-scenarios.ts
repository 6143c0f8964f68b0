import { MAX_POSSIBLE_MATCHES } from '../learners/find-learner.rules';
import type { LearnerRecord } from '../learners/learner-record';
import { ulnCheckDigit } from '../learners/uln';

/**
 * One more learner named Everybody Everybody, born 2000-01-01, than a find lists: the search for
 * them answers WSRC0002, too many (docs/decisions/0078-finding-learners-codes-and-limits.md).
 * Fictitious, like every learner of the data set.
 */
export function everybodyLearners(): LearnerRecord[] {
  const learners: LearnerRecord[] = [];
  for (let firstNine = 200_001_000; learners.length <= MAX_POSSIBLE_MATCHES; firstNine++) {
    const check = ulnCheckDigit(String(firstNine));
    if (check === undefined) continue;
    const n = learners.length + 1;
    learners.push({
      uln: `${firstNine}${check}`,
      givenName: 'Everybody',
      familyName: 'Everybody',
      dateOfBirth: '2000-01-01',
      gender: 2,
      lastKnownPostCode: `LS${n} 1AA`,
      abilityToShare: 1,
      learnerStatus: 1,
      versionNumber: 1,
      createdDate: '2024-09-01',
      lastUpdatedDate: '2024-09-01',
    });
  }
  return learners;
}

/** What finding each known learner gives: the README's table (npm run docs:sync), and a test. */
export interface FindScenario {
  what: string;
  operation: 'learnerByULN' | 'learnerByDemographics';
  uln?: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: 0 | 1 | 2 | 9;
  lastKnownPostCode?: string;
  responseCode: string;
  /** The ULNs of the learners returned, in order. */
  learners: string[];
}

const byDemographics = (
  what: string,
  [givenName, familyName, dateOfBirth, gender, lastKnownPostCode]: [string, string, string, 0 | 1 | 2 | 9, string],
  responseCode: string,
  learners: string[],
): FindScenario => ({
  what,
  operation: 'learnerByDemographics',
  givenName,
  familyName,
  dateOfBirth,
  gender,
  lastKnownPostCode,
  responseCode,
  learners,
});

const byUln = (
  what: string,
  [uln, givenName, familyName]: [string, string, string],
  responseCode: string,
  learners: string[],
) => ({
  what,
  operation: 'learnerByULN' as const,
  uln,
  givenName,
  familyName,
  responseCode,
  learners,
});

export const FIND_SCENARIOS: FindScenario[] = [
  byDemographics('exact match, postcode sent without its space', ['Sample', 'Testname', '1976-08-16', 2, 'CV49EE'], 'WSRC0004', [
    '1026893096',
  ]),
  byDemographics('exact via a linked ULN: master substituted', ['Sample', 'Test', '1985-03-27', 1, 'AB125EQ'], 'WSRC0022', [
    '6936002314',
  ]),
  byDemographics('two learners, postcode differs', ['Sample', 'Test', '1995-06-28', 2, 'ZZ12ZZ'], 'WSRC0003', [
    '1964986809',
    '8383558804',
  ]),
  byDemographics('one learner, postcode differs', ['Sample', 'Testname', '1976-08-16', 2, 'ZZ12ZZ'], 'WSRC0003', ['1026893096']),
  byDemographics('previous family name', ['Sample', 'Oldtestname', '1976-08-16', 2, 'CV49EE'], 'WSRC0003', ['1026893096']),
  byDemographics('synonym (Jim for James)', ['Jim', 'Smith', '2001-02-03', 1, 'M11AE'], 'WSRC0003', ['2000000087']),
  byDemographics('names swapped', ['Clarke', 'Emma', '1990-09-10', 2, 'BS14DJ'], 'WSRC0003', ['2000000435']),
  byDemographics('gender differs', ['Sample', 'Testname', '1976-08-16', 1, 'CV49EE'], 'WSRC0001', []),
  byDemographics('nobody', ['Nobody', 'Nobody', '2000-01-01', 2, 'CV49EE'], 'WSRC0001', []),
  byDemographics(
    `more than ${MAX_POSSIBLE_MATCHES} learners`,
    ['Everybody', 'Everybody', '2000-01-01', 2, 'CV49EE'],
    'WSRC0002',
    [],
  ),
  byUln('exact match', ['1026893096', 'Sample', 'Testname'], 'WSRC0004', ['1026893096']),
  byUln('exact via a linked ULN: master substituted', ['4444599390', 'Sample', 'Test'], 'WSRC0022', ['6936002314']),
  byUln('synonym (Jim for James)', ['2000000087', 'Jim', 'Smith'], 'WSRC0003', ['2000000087']),
  byUln('names match nothing', ['1026893096', 'Darcie', 'Tucker'], 'WSRC0001', []),
  byUln('ULN not on the register', ['2000000648', 'Nobody', 'Known'], 'WSRC0001', []),
];
