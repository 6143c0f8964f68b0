import { ageOn, isCalendarDate } from '../../src/learners/dates';
import {
  checkDateOfBirth,
  checkName,
  checkPostcode,
  checkProhibitedText,
  type LearnerDataLists,
} from '../../src/learners/learner-data.rules';
import { normalisePostcode } from '../../src/learners/postcode';
import { ProhibitedText } from '../../src/learners/prohibited-text';

const lists: LearnerDataLists = {
  prohibitedPostcodes: new Set(['SW18 3HU']),
  prohibitedText: new ProhibitedText(['deceased', 'in custody']),
};

describe('learner data restrictions (guide Appendix B)', () => {
  const today = '2026-11-28';
  test.each([
    ['2015-11-28', undefined, '11 today: the minimum age'],
    ['2015-11-29', 'LEARNER_AGE_OUT_OF_RANGE', '11 tomorrow: too young'],
    ['1916-11-28', undefined, '110 today: the maximum age'],
    ['1915-11-29', undefined, '111 tomorrow: still 110'],
    ['1915-11-28', 'LEARNER_AGE_OUT_OF_RANGE', '111 today: too old'],
    ['2001-02-29', 'LEARNER_DATE_INVALID', 'not a leap year'],
    ['2000-02-29', undefined, 'a leap day'],
    ['28/11/2000', 'LEARNER_DATE_INVALID', 'not yyyy-mm-dd'],
  ])('date of birth %s: %s (%s)', (dob, code, _why) => {
    expect(checkDateOfBirth(dob, today)?.code).toBe(code);
  });

  test('age counts whole years up to the birthday', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(isCalendarDate('2026-04-31')).toBe(false);
  });

  test.each([
    ['Sally Ann', undefined],
    ["D'Arcy-Smith", undefined],
    ['A'.repeat(35), undefined],
    ['A'.repeat(36), 'LEARNER_NAME_INVALID'],
    ['Smith (deceased)', 'LEARNER_NAME_INVALID'],
    ['J0hn', 'LEARNER_NAME_INVALID'],
    ['--', 'LEARNER_NAME_INVALID'],
  ])('name %j: %s', (name, code) => {
    expect(checkName('givenName', name)?.code).toBe(code);
  });

  test.each([
    ['cv49ee', 'CV4 9EE', undefined],
    [' SW1A 1AA ', 'SW1A 1AA', undefined],
    ['BFPO 1234', 'BFPO 1234', undefined],
    ['bfpo12', 'BFPO 12', undefined],
    ['SW18 3HU', undefined, 'POSTCODE_PROHIBITED'],
    ['sw183hu', undefined, 'POSTCODE_PROHIBITED'],
    ['NOT A POSTCODE', undefined, 'POSTCODE_INVALID'],
    ['12345', undefined, 'POSTCODE_INVALID'],
  ])('postcode %j becomes %j (%s)', (raw, normal, code) => {
    const result = checkPostcode(raw, lists);
    expect(result.postcode).toBe(normal);
    expect(result.problem?.code).toBe(code);
  });

  test('normalisePostcode gives undefined for a non-postcode', () => {
    expect(normalisePostcode('')).toBeUndefined();
  });

  test('prohibited text is found in any field, as whole words, whatever the case', () => {
    expect(checkProhibitedText({ notes: 'Learner DECEASED 2020', givenName: 'Sam' }, lists)).toEqual([
      { field: 'notes', code: 'TEXT_PROHIBITED', detail: 'notes contains prohibited text' },
    ]);
    expect(checkProhibitedText({ notes: 'held in   custody' }, lists)).toHaveLength(1);
    expect(checkProhibitedText({ notes: 'undeceasedly' }, lists)).toHaveLength(0);
    expect(new ProhibitedText([]).find('anything')).toBeUndefined();
  });
});
