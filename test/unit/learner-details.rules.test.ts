import {
  checkSubsetFields,
  decideSubsetUpdate,
  type HeldSubset,
  parseFindType,
  type SubsetFields,
} from '../../src/learners/learner-details.rules';
import { checkTelephoneNumber, isEmailAddress, type LearnerDataLists } from '../../src/learners/learner-data.rules';
import { ProhibitedText } from '../../src/learners/prohibited-text';
import { type LearnerSearch, parseLearnerSearch } from '../../src/learners/learner-search.rules';

const lists: LearnerDataLists = { prohibitedPostcodes: new Set(), prohibitedText: new ProhibitedText(['in custody']) };

describe('LearnerByUln findType', () => {
  test.each([
    [undefined, 'FUL'],
    ['FUL', 'FUL'],
    ['ful', 'FUL'],
    ['CHK', 'CHK'],
  ])('findType %p is %s', (raw, findType) => {
    expect(parseFindType(raw)).toEqual({ ok: true, value: findType });
  });

  test.each(['FULL', 'X', 'BRIEF'])('findType %p is refused as PARAMETER_INVALID', (raw) => {
    expect(parseFindType(raw)).toMatchObject({ ok: false, code: 'PARAMETER_INVALID' });
  });
});

describe('the learner a record is asked for with', () => {
  const named = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
  test('ULN and names; date of birth and gender when sent', () => {
    expect(parseLearnerSearch({ ...named, dateOfBirth: '1976-08-16', gender: '2' })).toEqual({
      ok: true,
      value: { ...named, dateOfBirth: '1976-08-16', gender: 2 },
    });
  });
  test.each<[LearnerSearch, string, string]>([
    [{ ...named, uln: undefined }, 'LEARNER_FIELD_INVALID', 'no ULN'],
    [{ ...named, givenName: undefined }, 'LEARNER_FIELD_INVALID', 'no given name'],
    [{ ...named, familyName: undefined }, 'LEARNER_FIELD_INVALID', 'no family name'],
    [{ ...named, uln: '1026893097' }, 'ULN_INVALID', 'a wrong check digit'],
    [{ ...named, dateOfBirth: '16/08/1976' }, 'LEARNER_DATE_INVALID', 'a date not yyyy-mm-dd'],
    [{ ...named, dateOfBirth: '1976-02-30' }, 'LEARNER_DATE_INVALID', 'a day that does not exist'],
    [{ ...named, gender: 'F' }, 'LEARNER_GENDER_INVALID', 'a gender that is not a code'],
  ])('%#: refused with %s (%s)', (search, code) => {
    expect(parseLearnerSearch(search)).toMatchObject({ ok: false, code });
  });
});

describe('e-mail addresses and telephone numbers', () => {
  test.each([
    ['sample.test@inbox.example.com', true],
    ['a@b.co', true],
    ['no-at-sign.example.com', false],
    ['two words@example.com', false],
    ['nobody@localhost', false],
  ])('%p is an e-mail address: %p', (value, valid) => {
    expect(isEmailAddress(value)).toBe(valid);
  });

  test.each([
    ['01234 567890', true],
    ['+44 (0)1234 567-890', true],
    ['+441234567890', true],
    ['1234567', true],
    ['123456', false],
    ['1234567890123456', false],
    ['0123 456 789 0123 4567', false],
    ['01234 56789x', false],
    ['12+34567890', false],
  ])('%p is a telephone number: %p', (value, valid) => {
    expect(checkTelephoneNumber(value) === undefined).toBe(valid);
  });
});

describe('the fields UpdateLearnerSubsetFields may change (guide Appendix B)', () => {
  const none: SubsetFields = { abilityToShare: 'NotProvided' };
  test.each<[SubsetFields, string | undefined, string]>([
    [none, undefined, 'nothing sent'],
    [{ ...none, emailAddress: 'x@example.com', telephoneNumber: '01234 567890' }, undefined, 'good values'],
    [{ ...none, emailAddress: 'not an address' }, 'LEARNER_FIELD_INVALID', 'an e-mail address without @'],
    [{ ...none, emailAddress: `${'x'.repeat(250)}@example.com` }, 'LEARNER_FIELD_INVALID', 'an e-mail address over 254'],
    [{ ...none, telephoneNumber: 'ring me' }, 'LEARNER_FIELD_INVALID', 'a telephone number without digits'],
    [{ ...none, schoolAtAge16: 'S'.repeat(255) }, 'LEARNER_FIELD_INVALID', 'a school name over 254'],
    [{ ...none, preferredGivenName: 'Sam1' }, 'LEARNER_NAME_INVALID', 'a digit in a name'],
    [{ ...none, preferredGivenName: 'S'.repeat(36) }, 'LEARNER_NAME_INVALID', 'a name over 35'],
    [{ ...none, schoolAtAge16: 'School in custody' }, 'TEXT_PROHIBITED', 'prohibited text'],
  ])('%#: %s (%s)', (fields, code) => {
    expect(checkSubsetFields(fields, lists)?.code).toBe(code);
  });
});

describe('an update decided against the record as held', () => {
  const held: HeldSubset = {
    versionNumber: 3,
    emailAddress: 'old@example.com',
    telephoneNumber: null,
    abilityToShare: 0,
    schoolAtAge16: null,
    preferredGivenName: null,
  };
  const none: SubsetFields = { abilityToShare: 'NotProvided' };

  test('a new e-mail address and telephone number at the version held: WSRC0006, setting both', () => {
    expect(decideSubsetUpdate({ ...none, emailAddress: 'new@example.com', telephoneNumber: '0123 4567' }, 3, held)).toEqual({
      code: 'WSRC0006',
      set: { emailAddress: 'new@example.com', telephoneNumber: '0123 4567' },
    });
  });

  test.each([2, 4])('version %p, not the one held: WSRC0013 (changed since it was read)', (version) => {
    expect(decideSubsetUpdate({ ...none, emailAddress: 'new@example.com' }, version, held)).toEqual({ code: 'WSRC0013' });
  });

  test('values already held and NotProvided change nothing: WSRC0020', () => {
    expect(decideSubsetUpdate({ ...none, emailAddress: 'old@example.com' }, 3, held)).toEqual({ code: 'WSRC0020' });
    expect(decideSubsetUpdate(none, 3, held)).toEqual({ code: 'WSRC0020' });
  });

  test.each<[number, SubsetFields['abilityToShare'], string, number | undefined]>([
    [0, 'FPNSeenShareData', 'WSRC0006', 1],
    [0, 'FPNNotSeen', 'WSRC0020', undefined],
    [1, 'FPNSeenShareData', 'WSRC0020', undefined],
    [1, 'FPNNotSeen', 'WSRC0014', undefined],
    [2, 'FPNSeenShareData', 'WSRC0014', undefined],
    [2, 'FPNNotSeen', 'WSRC0014', undefined],
    [2, 'NotProvided', 'WSRC0020', undefined],
  ])('AbilityToShare held %p, %s sent: %s', (heldAbility, sent, code, setTo) => {
    const decision = decideSubsetUpdate({ abilityToShare: sent }, 3, { ...held, abilityToShare: heldAbility });
    expect(decision.code).toBe(code);
    expect(decision.set?.abilityToShare).toBe(setTo);
  });

  test('an ability-to-share change that is not allowed refuses the whole update', () => {
    const decision = decideSubsetUpdate({ abilityToShare: 'FPNNotSeen', emailAddress: 'new@example.com' }, 3, {
      ...held,
      abilityToShare: 1,
    });
    expect(decision).toEqual({ code: 'WSRC0014' });
  });
});
