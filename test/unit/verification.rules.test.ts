import { SynonymIndex } from '../../src/learners/synonyms';
import { type HeldLearner, isVerified, verifyLearner, type VerificationRequest } from '../../src/learners/verification.rules';

const synonyms = new SynonymIndex([['james', 'jim']]);

const sample: HeldLearner = {
  uln: '1026893096',
  givenName: 'Sample',
  familyName: 'Testname',
  previousFamilyName: 'OLDTESTNAME',
  preferredGivenName: 'Sample',
  dateOfBirth: '1976-08-16',
  gender: 2,
};
const james: HeldLearner = { uln: '2000000087', givenName: 'James', familyName: 'Smith', dateOfBirth: '2001-02-03', gender: 1 };
const sally: HeldLearner = {
  uln: '2000000222',
  givenName: 'Sally Ann',
  familyName: 'Jones',
  dateOfBirth: '2003-04-05',
  gender: 2,
};
const linked: HeldLearner = { uln: '4444599390', givenName: 'Sample', familyName: 'Test', dateOfBirth: '1985-03-27', gender: 1 };
const master: HeldLearner = {
  uln: '6936002314',
  givenName: 'Testing-Sample',
  familyName: 'Test',
  preferredGivenName: 'Sample',
  dateOfBirth: '1985-03-27',
  gender: 1,
};
const unknownGender: HeldLearner = {
  uln: '2000000508',
  givenName: 'Alex',
  familyName: 'Taylor',
  dateOfBirth: '2004-12-01',
  gender: 0,
};

type Case = [string, VerificationRequest, HeldLearner | undefined, HeldLearner | undefined, string, string[]];

const req = (held: HeldLearner, overrides: Partial<VerificationRequest>): VerificationRequest => ({
  uln: held.uln,
  givenName: held.givenName,
  familyName: held.familyName,
  ...overrides,
});

describe('verifyLearner (guide Appendix C)', () => {
  test.each<Case>([
    ['VRC001: names exact, nothing else supplied', req(sample, {}), sample, undefined, 'WSVRC001', []],
    [
      'VRC001: names, date of birth and gender exact',
      req(sample, { dateOfBirth: '1976-08-16', gender: 2 }),
      sample,
      undefined,
      'WSVRC001',
      [],
    ],
    [
      'VRC001: case and spaces are normalised',
      req(sample, { givenName: ' sample', familyName: 'TESTNAME ' }),
      sample,
      undefined,
      'WSVRC001',
      [],
    ],
    [
      'VRC001: gender not known (0) or withheld (9) is not compared',
      req(sample, { gender: 9 }),
      sample,
      undefined,
      'WSVRC001',
      [],
    ],
    ['VRC002: exact against the linked record, master returned', req(linked, {}), linked, master, 'WSVRC002', []],
    ['VRC002: exact against the master record', req(master, { uln: linked.uln }), linked, master, 'WSVRC002', []],
    ['VRC003: Jim against James (guide)', req(james, { givenName: 'Jim' }), james, undefined, 'WSVRC003', ['VRF1']],
    ['VRC003: Sally against Sally Ann (guide)', req(sally, { givenName: 'Sally' }), sally, undefined, 'WSVRC003', ['VRF1']],
    [
      'VRC003: a previous family name never matches exactly (guide)',
      req(sample, { familyName: 'Oldtestname' }),
      sample,
      undefined,
      'WSVRC003',
      ['VRF5'],
    ],
    ['VRC003: a small spelling difference', req(sample, { familyName: 'Testnam' }), sample, undefined, 'WSVRC003', ['VRF5']],
    [
      'VRC003: names swapped',
      req(sample, { givenName: 'Testname', familyName: 'Sample' }),
      sample,
      undefined,
      'WSVRC003',
      ['VRF1', 'VRF5'],
    ],
    [
      'VRC003: a gender supplied against one held as not known',
      req(unknownGender, { gender: 1 }),
      unknownGender,
      undefined,
      'WSVRC003',
      [],
    ],
    ['VRC004: possible match through a linked ULN', req(linked, { givenName: 'Testing' }), linked, master, 'WSVRC004', ['VRF1']],
    [
      'VRC005: date of birth differs (guide)',
      req(sample, { dateOfBirth: '1976-08-17' }),
      sample,
      undefined,
      'WSVRC005',
      ['VRF7'],
    ],
    ['VRC005: gender differs (guide)', req(sample, { gender: 1 }), sample, undefined, 'WSVRC005', ['VRF8']],
    [
      'VRC005: a fuzzy name does not save a wrong date of birth',
      req(james, { givenName: 'Jim', dateOfBirth: '2001-02-04' }),
      james,
      undefined,
      'WSVRC005',
      ['VRF1', 'VRF7'],
    ],
    [
      'VRC005: a given name that matches nothing',
      req(sample, { givenName: 'Darcie' }),
      sample,
      undefined,
      'WSVRC005',
      ['VRF1', 'VRF2', 'VRF3'],
    ],
    [
      'VRC005: a family name that matches nothing',
      req(sample, { familyName: 'Tucker' }),
      sample,
      undefined,
      'WSVRC005',
      ['VRF4', 'VRF5', 'VRF6'],
    ],
    [
      'VRC005: no previous family name held, so no VRF3 or VRF6',
      req(james, { givenName: 'Darcie', familyName: 'Tucker' }),
      james,
      undefined,
      'WSVRC005',
      ['VRF1', 'VRF2', 'VRF4', 'VRF5'],
    ],
    [
      'VRC005: a linked ULN whose details match neither record',
      req(linked, { givenName: 'Darcie' }),
      linked,
      master,
      'WSVRC005',
      ['VRF1', 'VRF2'],
    ],
    [
      'VRC006: the ULN is not on the register',
      { uln: '2000000648', givenName: 'A', familyName: 'B' },
      undefined,
      undefined,
      'WSVRC006',
      ['VRF1', 'VRF5'],
    ],
    [
      'VRC006: flags for the supplied date of birth and gender too',
      { uln: '2000000648', givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', gender: 1 },
      undefined,
      undefined,
      'WSVRC006',
      ['VRF1', 'VRF5', 'VRF7', 'VRF8'],
    ],
  ])('%s', (_why, request, held, masterRecord, code, flags) => {
    const outcome = verifyLearner(request, held, masterRecord, synonyms);
    expect(outcome.responseCode).toBe(code);
    expect(outcome.failureFlags).toEqual(flags);
  });

  test('an exact or possible match returns the details held; a linked one returns the master', () => {
    expect(verifyLearner(req(sample, {}), sample, undefined, synonyms).learner).toEqual(sample);
    expect(verifyLearner(req(linked, {}), linked, master, synonyms).learner).toEqual(master);
    expect(verifyLearner(req(linked, { givenName: 'Testing' }), linked, master, synonyms).learner).toEqual(master);
  });

  test('a learner that does not match is not disclosed', () => {
    expect(verifyLearner(req(sample, { dateOfBirth: '2000-01-01' }), sample, undefined, synonyms).learner).toBeUndefined();
    expect(
      verifyLearner({ uln: '2000000648', givenName: 'A', familyName: 'B' }, undefined, undefined, synonyms).learner,
    ).toBeUndefined();
  });
});

describe('isVerified: which answers count as a verified learner in a batch', () => {
  test.each([
    ['WSVRC001', true],
    ['WSVRC002', true],
    ['WSVRC003', true],
    ['WSVRC004', true],
    ['WSVRC005', false],
    ['WSVRC006', false],
  ] as const)('%s: %s', (code, verified) => {
    expect(isVerified(code)).toBe(verified);
  });
});
