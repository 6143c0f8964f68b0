import {
  type Candidate,
  type DemographicSearch,
  findByDemographics,
  findByUln,
  MAX_POSSIBLE_MATCHES,
  retrieveUln,
  samePostcode,
} from '../../src/learners/find-learner.rules';
import { SynonymIndex } from '../../src/learners/synonyms';
import type { HeldLearner } from '../../src/learners/verification.rules';

const synonyms = new SynonymIndex([['james', 'jim']]);

const held = (uln: string, givenName: string, familyName: string, more: Partial<HeldLearner> = {}): HeldLearner => ({
  uln,
  givenName,
  familyName,
  dateOfBirth: '1976-08-16',
  gender: 2,
  lastKnownPostCode: 'CV4 9EE',
  ...more,
});
const sample = held('1026893096', 'Sample', 'Testname', { previousFamilyName: 'OLDTESTNAME', preferredGivenName: 'Sample' });
const master = held('6936002314', 'Testing-Sample', 'Test', { preferredGivenName: 'Sample', lastKnownPostCode: 'AB12 3EQ' });
const linked = held('4444599390', 'Sample', 'Test', { lastKnownPostCode: 'AB12 5EQ' });
const twinA = held('1964986809', 'Sample', 'Test', { lastKnownPostCode: 'NE00 1ND' });
const twinB = held('8383558804', 'Sample', 'Test', { lastKnownPostCode: 'SO00 1JX' });
const james = held('2000000087', 'James', 'Smith', { gender: 1 });
const unknownGender = held('2000000508', 'Sample', 'Testname', { gender: 0 });

const search = (more: Partial<DemographicSearch> = {}): DemographicSearch => ({
  givenName: 'Sample',
  familyName: 'Testname',
  dateOfBirth: '1976-08-16',
  gender: 2,
  lastKnownPostCode: 'CV49EE',
  ...more,
});
const answer = (s: DemographicSearch, candidates: Candidate[], tooWide = false) => {
  const outcome = findByDemographics(s, candidates, synonyms, tooWide);
  return [outcome.responseCode, outcome.learners.map((l) => `${l.uln}${l.masterSubstituted ? ' substituted' : ''}`)];
};

describe('learnerByDemographics: the verification rules, then the postcode and the count', () => {
  test.each<[string, DemographicSearch, Candidate[], boolean, [string, string[]]]>([
    ['names, date of birth, gender and postcode: exact', search(), [{ held: sample }], false, ['WSRC0004', ['1026893096']]],
    [
      'case and spaces differ: exact',
      search({ givenName: ' SAMPLE ', familyName: 'testname' }),
      [{ held: sample }],
      false,
      ['WSRC0004', ['1026893096']],
    ],
    [
      'the postcode differs: possible',
      search({ lastKnownPostCode: 'ZZ12ZZ' }),
      [{ held: sample }],
      false,
      ['WSRC0003', ['1026893096']],
    ],
    [
      'a synonym: possible, never exact',
      search({ givenName: 'Jim', familyName: 'Smith', gender: 1 }),
      [{ held: james }],
      false,
      ['WSRC0003', ['2000000087']],
    ],
    [
      'the previous family name held: possible',
      search({ familyName: 'Oldtestname' }),
      [{ held: sample }],
      false,
      ['WSRC0003', ['1026893096']],
    ],
    [
      'a previous family name sent matches the family name held: possible',
      search({ familyName: 'Newname', previousFamilyName: 'Testname' }),
      [{ held: sample }],
      false,
      ['WSRC0003', ['1026893096']],
    ],
    ['the gender differs: no match', search({ gender: 1 }), [{ held: sample }], false, ['WSRC0001', []]],
    [
      'the gender sent against one held as not known: possible',
      search(),
      [{ held: unknownGender }],
      false,
      ['WSRC0003', ['2000000508']],
    ],
    ['the date of birth differs: no match', search({ dateOfBirth: '1976-08-17' }), [{ held: sample }], false, ['WSRC0001', []]],
    [
      'the names match nothing: no match',
      search({ givenName: 'Darcie', familyName: 'Tucker' }),
      [{ held: sample }],
      false,
      ['WSRC0001', []],
    ],
    ['no record filed under the keys: no match', search(), [], false, ['WSRC0001', []]],
    [
      'an exact match through a linked ULN: the master substituted',
      search({ familyName: 'Test', lastKnownPostCode: 'AB125EQ' }),
      [{ held: linked, master }, { held: master }],
      false,
      ['WSRC0022', ['6936002314 substituted']],
    ],
    [
      'a possible match through a linked ULN and the master: listed once, the master itself',
      search({ familyName: 'Test', lastKnownPostCode: 'ZZ12ZZ' }),
      [{ held: linked, master }, { held: master }],
      false,
      ['WSRC0003', ['6936002314']],
    ],
    [
      'two possible: both, in ULN order',
      search({ familyName: 'Test', lastKnownPostCode: 'ZZ12ZZ' }),
      [{ held: twinB }, { held: twinA }],
      false,
      ['WSRC0003', ['1964986809', '8383558804']],
    ],
    [
      'one exact among possible ones: the exact one alone',
      search({ familyName: 'Test', lastKnownPostCode: 'NE001ND' }),
      [{ held: twinB }, { held: twinA }],
      false,
      ['WSRC0004', ['1964986809']],
    ],
    [
      'two exact: neither is the one, both listed, the exact first',
      search({ familyName: 'Test', lastKnownPostCode: 'NE001ND' }),
      [{ held: twinB }, { held: twinA }, { held: { ...twinB, uln: '1000000004', lastKnownPostCode: 'NE00 1ND' } }],
      false,
      ['WSRC0003', ['1000000004', '1964986809', '8383558804']],
    ],
    ['more records filed under the keys than are judged: too many', search(), [{ held: sample }], true, ['WSRC0002', []]],
  ])('%s', (_what, s, candidates, tooWide, expected) => {
    expect(answer(s, candidates, tooWide)).toEqual(expected);
  });

  test(`${MAX_POSSIBLE_MATCHES} possible matches are listed; one more is too many, and none is listed`, () => {
    const crowd = (n: number) =>
      Array.from({ length: n }, (_v, i) => ({
        held: held(String(3000000000 + i), 'Sample', 'Testname', { lastKnownPostCode: `LS${i + 1} 1AA` }),
      }));
    expect(answer(search(), crowd(MAX_POSSIBLE_MATCHES))[1]).toHaveLength(MAX_POSSIBLE_MATCHES);
    expect(answer(search(), crowd(MAX_POSSIBLE_MATCHES))[0]).toBe('WSRC0003');
    expect(answer(search(), crowd(MAX_POSSIBLE_MATCHES + 1))).toEqual(['WSRC0002', []]);
  });
});

describe('learnerByULN: verifyLearner, in find codes', () => {
  test.each<
    [
      string,
      { uln: string; givenName: string; familyName: string },
      { held?: HeldLearner; master?: HeldLearner },
      [string, string[]],
    ]
  >([
    ['exact', { uln: sample.uln, givenName: 'Sample', familyName: 'Testname' }, { held: sample }, ['WSRC0004', ['1026893096']]],
    [
      'exact through a linked ULN',
      { uln: linked.uln, givenName: 'Sample', familyName: 'Test' },
      { held: linked, master },
      ['WSRC0022', ['6936002314 substituted']],
    ],
    ['possible', { uln: james.uln, givenName: 'Jim', familyName: 'Smith' }, { held: james }, ['WSRC0003', ['2000000087']]],
    [
      'possible through a linked ULN',
      { uln: linked.uln, givenName: 'Testing', familyName: 'Test' },
      { held: linked, master },
      ['WSRC0003', ['6936002314 substituted']],
    ],
    [
      'the names do not match',
      { uln: sample.uln, givenName: 'Darcie', familyName: 'Tucker' },
      { held: sample },
      ['WSRC0001', []],
    ],
    ['not on the register', { uln: '2000000648', givenName: 'Nobody', familyName: 'Known' }, {}, ['WSRC0001', []]],
  ])('%s', (_what, s, found, expected) => {
    const outcome = findByUln(s, found, synonyms);
    expect([outcome.responseCode, outcome.learners.map((l) => `${l.uln}${l.masterSubstituted ? ' substituted' : ''}`)]).toEqual(
      expected,
    );
  });
});

describe('retrieveULNs: each ULN on its own', () => {
  test.each<[string, boolean, { held?: HeldLearner; master?: HeldLearner }, [string, string | undefined]]>([
    ['a master', true, { held: sample }, ['WSRC0004', '1026893096']],
    ['a linked ULN', true, { held: linked, master }, ['WSRC0022', '6936002314']],
    ['not on the register', true, {}, ['WSRC0001', undefined]],
    ['a check digit that is wrong', false, { held: sample }, ['WSEC0136', undefined]],
  ])('%s', (_what, valid, found, expected) => {
    const r = retrieveUln('1026893096', valid, found);
    expect([r.responseCode, r.master?.uln]).toEqual(expected);
  });
});

test.each([
  ['CV49EE', 'CV4 9EE', true],
  [' cv4  9ee ', 'CV4 9EE', true],
  ['CV49EF', 'CV4 9EE', false],
  ['not a postcode', 'CV4 9EE', false],
  ['CV49EE', undefined, false],
])('the postcode %j and the one held %j are the same: %s', (supplied, stored, expected) => {
  expect(samePostcode(supplied, stored)).toBe(expected);
});
