import {
  checkActionDate,
  checkActionReason,
  checkAvailability,
  checkAwardDate,
  checkGrade,
  checkLanguage,
  checkNamesAtCreation,
  checkProviderUkprn,
  checkReinstateGrade,
  checkSomethingChanges,
  checkTransition,
  nextStatus,
} from '../../src/achievements/achievement.rules';

const today = '2026-11-28';
const open = { operationalStartDate: '2006-01-01', operationalEndDate: null, certificationEndDate: null };
const ended = { operationalStartDate: '2010-01-01', operationalEndDate: '2015-08-31', certificationEndDate: '2017-08-31' };
const recent = { operationalStartDate: '2017-09-01', operationalEndDate: null, certificationEndDate: null };

describe('achievement rules (guide section 5)', () => {
  test.each([
    ['today', today, open, undefined],
    ['tomorrow', '2026-11-29', open, 'AWARD_DATE_IN_FUTURE'],
    ['2006-08-31, the day before the earliest', '2006-08-31', open, 'AWARD_DATE_TOO_EARLY'],
    ['2006-09-01, the earliest', '2006-09-01', open, undefined],
    ['before the qualification starts', '2017-08-31', recent, 'AWARD_DATE_OUTSIDE_QUALIFICATION'],
    ['on the day it starts', '2017-09-01', recent, undefined],
    ['on its operational end date', '2015-08-31', ended, undefined],
    ['after its operational end date', '2015-09-01', ended, 'AWARD_DATE_OUTSIDE_QUALIFICATION'],
    ['not a date', '2026-02-30', open, 'AWARD_DATE_INVALID'],
  ] as const)('award date %s', (_what, awardDate, qualification, code) => {
    expect(checkAwardDate(awardDate, qualification, today)?.code).toBe(code);
  });

  const aLevel = ['A*', 'A', 'B', 'C', 'D', 'E', 'U'];
  test.each([
    ['A*', aLevel, undefined],
    ['a*', aLevel, undefined],
    [' B ', aLevel, undefined],
    ['F', aLevel, 'GRADE_INVALID'],
    ['Pass', aLevel, 'GRADE_INVALID'],
    ['Merit', ['Pass', 'Merit', 'Distinction'], undefined],
    [undefined, aLevel, undefined],
    ['Pass', [], 'GRADE_INVALID'],
  ] as const)('grade %j against %j: %s', (grade, grades, code) => {
    expect(checkGrade(grade, grades)?.code).toBe(code);
  });

  test.each([
    ['ACTIVE', 'UPDATE', undefined],
    ['WITHDRAWN', 'UPDATE', 'ACHIEVEMENT_WITHDRAWN'],
    ['ACTIVE', 'WITHDRAW', undefined],
    ['WITHDRAWN', 'WITHDRAW', 'ACHIEVEMENT_ALREADY_WITHDRAWN'],
    ['WITHDRAWN', 'REINSTATE', undefined],
    ['ACTIVE', 'REINSTATE', 'ACHIEVEMENT_NOT_WITHDRAWN'],
  ] as const)('%s then %s: %s', (status, action, code) => {
    expect(checkTransition(status, action)?.code).toBe(code);
  });

  test('the state each action leaves', () => {
    expect(nextStatus('CREATE')).toBe('ACTIVE');
    expect(nextStatus('WITHDRAW', 'ACTIVE')).toBe('WITHDRAWN');
    expect(nextStatus('REINSTATE', 'WITHDRAWN')).toBe('ACTIVE');
    expect(nextStatus('UPDATE', 'ACTIVE')).toBe('ACTIVE');
  });

  test.each([
    [undefined, 'B', undefined, 'no grade given'],
    ['B', 'B', undefined, 'the same grade'],
    ['b', 'B', undefined, 'the same grade in another case'],
    ['A', 'B', 'REINSTATE_GRADE_CHANGE', 'guide 5.2.4: a different grade'],
  ])('reinstating with grade %j over %j: %s (%s)', (grade, held, code, _why) => {
    expect(checkReinstateGrade(grade, held)?.code).toBe(code);
  });

  test.each([
    [{ givenName: 'John', familyName: 'Brown' }, undefined, 'the creation names'],
    [{ givenName: ' JOHN ', familyName: 'brown' }, undefined, 'case and spaces normalised'],
    [{ givenName: 'Johnathan', familyName: 'Brown' }, 'NAMES_DIFFER_FROM_CREATION', 'guide: John cannot be changed to Johnathan'],
    [{ givenName: 'John', familyName: 'Brow' }, 'NAMES_DIFFER_FROM_CREATION', 'guide: Brown cannot be changed to Brow'],
  ])('follow-up names %j: %s (%s)', (supplied, code, _why) => {
    expect(checkNamesAtCreation(supplied, { givenName: 'John', familyName: 'Brown' })?.code).toBe(code);
  });

  test.each([
    [{ ownerOrganisationId: 2, sharedWith: [] }, 2, undefined, 'owned'],
    [{ ownerOrganisationId: 3, sharedWith: [2] }, 2, undefined, 'shared with the caller'],
    [{ ownerOrganisationId: 3, sharedWith: [4] }, 2, 'QUALIFICATION_NOT_AVAILABLE', 'neither owned nor shared'],
    [{ ownerOrganisationId: null, sharedWith: [] }, 2, 'QUALIFICATION_NOT_AVAILABLE', 'an owner unknown to the service'],
  ])('availability %j for organisation %s: %s (%s)', (qualification, organisation, code, _why) => {
    expect(checkAvailability(qualification, organisation)?.code).toBe(code);
  });

  test.each([
    [today, undefined],
    ['2026-11-29', 'ACTION_DATE_IN_FUTURE'],
    ['2026-13-01', 'ACTION_DATE_INVALID'],
  ])('action date %s: %s', (actionDate, code) => {
    expect(checkActionDate(actionDate, today)?.code).toBe(code);
  });

  test.each([
    ['ULNINVALID', undefined],
    ['ACHINVALID', undefined],
    ['DATINVALID', undefined],
    ['SUBINERROR', undefined],
    ['BATCHERROR', undefined],
    ['OTHER', 'ACTION_REASON_INVALID'],
    [undefined, 'ACTION_REASON_INVALID'],
  ])('action reason %j: %s', (reason, code) => {
    expect(checkActionReason(reason)?.code).toBe(code);
  });

  test('languages, provider UKPRNs and empty updates', () => {
    expect(checkLanguage('Welsh')).toBeUndefined();
    expect(checkLanguage('Klingon')?.code).toBe('LANGUAGE_INVALID');
    expect(checkProviderUkprn('10012345')).toBeUndefined();
    expect(checkProviderUkprn('20012345')?.code).toBe('PROVIDER_UKPRN_INVALID');
    const held = { grade: 'B', languageForAssessment: null, providerUkprn: null };
    expect(checkSomethingChanges({ grade: 'B' }, held)?.code).toBe('ACHIEVEMENT_UNCHANGED');
    expect(checkSomethingChanges({ grade: 'A' }, held)).toBeUndefined();
    expect(checkSomethingChanges({}, held)?.code).toBe('ACHIEVEMENT_UNCHANGED');
  });
});
