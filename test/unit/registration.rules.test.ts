import fs from 'node:fs';
import path from 'node:path';
import { LEARNER_REGISTRATION_LAYOUT } from '../../src/batches/batch-layouts';
import { registrationCounts, returnCodeOfRefusal, RETURN_CODES } from '../../src/batches/registration-return-codes';
import { checkLearnerDetails, DETAIL_FIELDS, detailsInputOf, type DetailsInput } from '../../src/learners/learner-fields.rules';
import type { LearnerDataLists } from '../../src/learners/learner-data.rules';
import { ProhibitedText } from '../../src/learners/prohibited-text';
import {
  checkSearchedBeforeRegister,
  checkSufficient,
  checkVersion,
  detailsChanged,
  type RecentSearch,
  sameMandatoryDetails,
  searchDetailsKey,
  searchOutcomeOf,
} from '../../src/learners/registration.rules';
import { FIRST_ISSUED_PREFIX, ulnOfDraw } from '../../src/learners/uln-allocator';
import { isValidUln } from '../../src/learners/uln';

const NOW = new Date('2026-11-28T12:00:00Z');
const RULES = { windowSeconds: 120, possibleMatchWaitSeconds: 30 };
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const search = (
  secondsAgo: number,
  outcome: RecentSearch['outcome'],
  findType: RecentSearch['findType'] = 'FUL',
): RecentSearch => ({
  findType,
  outcome,
  searchedAt: ago(secondsAgo),
});

describe('find before register', () => {
  test.each([
    ['no search at all', [], 'LEARNER_NOT_SEARCHED_FIRST'],
    ['a FUL search that found nobody, just now', [search(1, 'NO_MATCH')], undefined],
    ['a FUL search that found nobody, at the edge of the window', [search(120, 'NO_MATCH')], undefined],
    ['a FUL search that found nobody, just outside the window', [search(121, 'NO_MATCH')], 'LEARNER_NOT_SEARCHED_FIRST'],
    ['only a CHK search', [search(1, 'NO_MATCH', 'CHK')], 'LEARNER_NOT_SEARCHED_FIRST'],
    ['a search that found the learner', [search(1, 'MATCHED')], 'LEARNER_ALREADY_REGISTERED'],
    ['possible matches found 10 seconds ago: still waiting', [search(10, 'POSSIBLE_MATCHES')], 'LEARNER_POSSIBLE_MATCHES_FOUND'],
    ['possible matches found 30 seconds ago: the wait is over', [search(30, 'POSSIBLE_MATCHES')], undefined],
    ['searching again does not restart the wait', [search(40, 'POSSIBLE_MATCHES'), search(2, 'POSSIBLE_MATCHES')], undefined],
    [
      'a later search that found nobody does not skip the wait',
      [search(10, 'POSSIBLE_MATCHES'), search(2, 'NO_MATCH')],
      'LEARNER_POSSIBLE_MATCHES_FOUND',
    ],
    [
      'a search dated after now does not count',
      [{ findType: 'FUL', outcome: 'NO_MATCH', searchedAt: ago(-5) } as RecentSearch],
      'LEARNER_NOT_SEARCHED_FIRST',
    ],
  ] as const)('%s', (_what, searches, code) => {
    const result = checkSearchedBeforeRegister(searches, NOW, RULES);
    expect(result.ok ? undefined : result.code).toBe(code);
  });

  test('the refusal after possible matches says how long is left', () => {
    const result = checkSearchedBeforeRegister([search(10, 'POSSIBLE_MATCHES')], NOW, RULES);
    expect(result.ok ? '' : result.detail).toContain('20 more seconds');
  });

  test.each([
    ['WSRC0001', 'NO_MATCH'],
    ['WSRC0002', 'POSSIBLE_MATCHES'],
    ['WSRC0003', 'POSSIBLE_MATCHES'],
    ['WSRC0004', 'MATCHED'],
    ['WSRC0022', 'MATCHED'],
    ['WSEC0999', 'POSSIBLE_MATCHES'],
  ])('learnerByDemographics %s is %s', (code, outcome) => {
    expect(searchOutcomeOf(code)).toBe(outcome);
  });
});

describe('the details a search is remembered under', () => {
  const sally = {
    givenName: 'Sally Ann',
    familyName: "O'Brien",
    dateOfBirth: '2008-04-01',
    gender: 2,
    lastKnownPostCode: 'CV4 9EE',
  };

  test('are the same whatever the case, spacing and postcode form', () => {
    const same = {
      givenName: ' sally  ann ',
      familyName: "O'BRIEN",
      dateOfBirth: '2008-04-01',
      gender: '2',
      lastKnownPostCode: 'cv49ee',
    };
    expect(searchDetailsKey(same)).toBe(searchDetailsKey(sally));
    expect(sameMandatoryDetails(same, sally)).toBe(true);
  });

  test.each([
    ['given name', { givenName: 'Sally' }],
    ['family name', { familyName: 'OBrien' }],
    ['date of birth', { dateOfBirth: '2008-04-02' }],
    ['gender', { gender: 9 }],
    ['postcode', { lastKnownPostCode: 'CV4 9EF' }],
  ])('differ when the %s differs', (_what, change) => {
    expect(sameMandatoryDetails({ ...sally, ...change }, sally)).toBe(false);
  });

  test('hold no demographics in the clear', () => {
    const key = searchDetailsKey(sally);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key.toLowerCase()).not.toContain('sally');
  });
});

describe('the details of a learner registered or updated', () => {
  const lists: LearnerDataLists = {
    prohibitedPostcodes: new Set(['SW18 3HU']),
    prohibitedText: new ProhibitedText(['deceased']),
  };
  const today = '2026-11-28';
  const valid: DetailsInput = {
    GivenName: 'Ann',
    FamilyName: 'Smith',
    DateOfBirth: '2008-04-01',
    Gender: '2',
    LastKnownPostCode: 'cv49ee',
    VerificationType: '1',
    AbilityToShare: '1',
    FamilyNameAtAge16: 'Smith',
  };
  const check = (input: DetailsInput) => checkLearnerDetails(input, lists, today, { required: [], abilityToShareWhenAbsent: 0 });

  test('are held with the postcode in its normal form and the codes as numbers', () => {
    expect(check(valid).details).toMatchObject({
      givenName: 'Ann',
      lastKnownPostCode: 'CV4 9EE',
      gender: 2,
      verificationType: 1,
      abilityToShare: 1,
      familyNameAtAge16: 'Smith',
      notes: null,
    });
  });

  test.each([
    ['GivenName', 'J0hn', 'LEARNER_NAME_INVALID'],
    ['FamilyNameAtAge16', 'Smith (deceased)', 'LEARNER_NAME_INVALID'],
    ['DateOfBirth', '2016-01-01', 'LEARNER_AGE_OUT_OF_RANGE'],
    ['DateOfBirth', '1900-01-01', 'LEARNER_AGE_OUT_OF_RANGE'],
    ['LastKnownPostCode', 'SW18 3HU', 'POSTCODE_PROHIBITED'],
    ['LastKnownPostCode', 'NOT A CODE', 'POSTCODE_INVALID'],
    ['Notes', 'Learner deceased', 'TEXT_PROHIBITED'],
    ['Gender', '3', 'LEARNER_GENDER_INVALID'],
    ['EmailAddress', 'not-an-email', 'LEARNER_FIELD_INVALID'],
    ['Nationality', 'GBRX', 'LEARNER_FIELD_INVALID'],
    ['DateOfAddressCapture', '2026-02-30', 'LEARNER_DATE_INVALID'],
  ])('%s %j is refused with %s (guide Appendix B and the field rules)', (field, value, code) => {
    expect(check({ ...valid, [field]: value }).problems.map((p) => p.code)).toContain(code);
  });

  test('without a mandatory detail there is no record, and no problem: the caller says it is not enough', () => {
    const { details, problems } = check({ ...valid, LastKnownPostCode: undefined });
    expect(details).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test('AbilityToShare left out takes the default given', () => {
    expect(check({ ...valid, AbilityToShare: undefined }).details?.abilityToShare).toBe(0);
  });

  test('VerificationType 999 needs its description', () => {
    const other = check({ ...valid, VerificationType: '999' }).details;
    expect(other && checkSufficient(other)).toMatchObject({ ok: false, code: 'LEARNER_DATA_INSUFFICIENT' });
    const described = check({ ...valid, VerificationType: '999', OtherVerificationDescription: 'Library card' }).details;
    expect(described && checkSufficient(described)).toEqual({ ok: true, value: undefined });
  });

  test('a record read back as input gives the same details, and so no change', () => {
    const held = check(valid).details!;
    const again = check(detailsInputOf(held)).details!;
    expect(again).toEqual(held);
    expect(detailsChanged(held, again)).toBe(false);
    expect(detailsChanged(held, { ...again, notes: 'moved school' })).toBe(true);
    expect(detailsChanged({ ...held, notes: null }, { ...again, notes: undefined })).toBe(false);
  });

  test.each([
    [3, 3, true],
    [3, 2, false],
    [3, undefined, true],
  ])('version %i held, %s sent: accepted %s', (held, sent, accepted) => {
    expect(checkVersion(held, sent).ok).toBe(accepted);
  });
});

describe('the ULNs issued', () => {
  test('start at the first prefix of the issuing range, each with its check digit', () => {
    const first = Array.from({ length: 40 }, (_, i) => ulnOfDraw(i + 1));
    const issued = first.filter((uln): uln is string => uln !== undefined);
    expect(issued[0].slice(0, 9)).toBe(String(FIRST_ISSUED_PREFIX));
    for (const uln of issued) expect(isValidUln(uln)).toBe(true);
    expect(new Set(issued).size).toBe(issued.length);
    // About one prefix in eleven has no check digit and is passed over.
    expect(first.length - issued.length).toBeGreaterThan(0);
  });

  test('a prefix without a check digit gives no ULN', () => {
    const skipped = Array.from({ length: 40 }, (_, i) => i + 1).find((draw) => ulnOfDraw(draw) === undefined) as number;
    const prefix = String(FIRST_ISSUED_PREFIX + skipped - 1);
    for (let digit = 0; digit <= 9; digit++) expect(isValidUln(`${prefix}${digit}`)).toBe(false);
  });

  test('draws outside the range are refused', () => {
    expect(() => ulnOfDraw(0)).toThrow(RangeError);
    expect(() => ulnOfDraw(100_000_001)).toThrow(RangeError);
  });
});

describe('batch registration return codes', () => {
  test.each([
    ['LEARNER_ALREADY_REGISTERED', 'RC008'],
    ['LEARNER_DATA_INSUFFICIENT', 'RC009'],
    ['LEARNER_MANAGEMENT_NOT_GRANTED', 'RC010'],
    ['LEARNER_NAME_INVALID', 'RC011'],
    ['LEARNER_AGE_OUT_OF_RANGE', 'RC011'],
    ['ULN_INVALID', 'RC011'],
    ['REQUEST_INVALID', 'RC011'],
    ['LEARNER_POSSIBLE_MATCHES_FOUND', 'RC005'],
    ['LEARNER_NOT_FOUND', 'RC006'],
    ['LEARNER_UNCHANGED', 'RC004'],
  ])('a refusal %s is %s', (code, rc) => {
    expect(returnCodeOfRefusal(code)).toBe(rc);
  });

  test('the counts add every outcome to one count, refusals to Rejected', () => {
    expect(
      registrationCounts({
        RC001: 2,
        RC002: 1,
        RC003: 1,
        RC004: 1,
        RC005: 3,
        RC006: 1,
        RC007: 1,
        LEARNER_NAME_INVALID: 2,
        RC009: 1,
      }),
    ).toEqual({ New: 2, ExistsUpdated: 3, PossibleMatch: 3, NotFound: 1, Rejected: 4 });
  });

  test('the codes are RC001 to RC011', () => {
    expect(Object.keys(RETURN_CODES)).toEqual(Array.from({ length: 11 }, (_, i) => `RC${String(i + 1).padStart(3, '0')}`));
  });
});

describe('the field lists follow the contract', () => {
  const sequenceOf = (file: string, type: string) => {
    const xsd = fs.readFileSync(path.join(__dirname, '..', '..', 'wsdl', 'xsd', 'lrs', file), 'utf8');
    const body = new RegExp(`<xs:complexType name="${type}">([\\s\\S]*?)</xs:complexType>`).exec(xsd)?.[1] ?? '';
    return [...body.matchAll(/<xs:element name="(\w+)"/g)].map((m) => m[1]);
  };

  test("DETAIL_FIELDS are LearnerToRegister's elements, in order", () => {
    expect(DETAIL_FIELDS).toEqual(sequenceOf('regmsg.xsd', 'LearnerToRegister'));
  });

  test("the learner-registration batch columns are the job type and BatchLearner's elements, in order", () => {
    expect(LEARNER_REGISTRATION_LAYOUT.columns).toEqual(['JobType', ...sequenceOf('batchmsg.xsd', 'BatchLearner')]);
    expect(sequenceOf('batchmsg.xsd', 'OutputBatchLearner')).toEqual([
      ...sequenceOf('batchmsg.xsd', 'BatchLearner'),
      'ReturnCode',
    ]);
  });
});
