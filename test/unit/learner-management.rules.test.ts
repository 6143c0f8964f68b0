import {
  changeLearnerManagement,
  learnerManagementAtCreation,
  mayViewLearnerManagement,
} from '../../src/users/learner-management.rules';

describe('granting and revoking learner management (guide 1.4)', () => {
  test.each([
    [
      'an AO is granted it, with its business need',
      'AO',
      false,
      true,
      ' Dual role:  registers its apprentices ',
      'OK Dual role: registers its apprentices',
    ],
    ['an LRB has it revoked, with the reason', 'LRB', true, false, 'Agreement ended', 'OK Agreement ended'],
    ['an AO that holds it is granted it again', 'AO', true, true, 'again', 'LEARNER_MANAGEMENT_UNCHANGED'],
    ['an AO without it has it revoked', 'AO', false, false, 'why', 'LEARNER_MANAGEMENT_UNCHANGED'],
    ['the operator organisation is granted it', 'OPERATOR', false, true, 'ops', 'ORGANISATION_INVALID'],
    ['no reason is given', 'AO', false, true, '   ', 'REQUEST_INVALID'],
    ['the reason is longer than 500 characters', 'AO', false, true, 'x'.repeat(501), 'REQUEST_INVALID'],
  ] as const)('%s', (_what, kind, holds, granted, reason, expected) => {
    const result = changeLearnerManagement({ kind, learnerManagement: holds }, granted, reason);
    expect(result.ok ? `OK ${result.value.reason}` : result.code).toBe(expected);
  });

  test('an LRB is set up with it; an AO and the operator organisation without', () => {
    expect(learnerManagementAtCreation('LRB', '2026-01-01 00:00:00.000')).toEqual([
      1,
      expect.stringMatching(/Learner registration body/),
      '2026-01-01 00:00:00.000',
    ]);
    expect(learnerManagementAtCreation('AO', '2026-01-01 00:00:00.000')).toEqual([0, null, null]);
    expect(learnerManagementAtCreation('OPERATOR', '2026-01-01 00:00:00.000')).toEqual([0, null, null]);
  });

  test.each([
    ['an operator, for any organisation', { organisationId: 1, roles: ['OPERATOR'] }, 7, true],
    ['a super user, for their own organisation', { organisationId: 7, roles: ['LRB_SUPER_USER'] }, 7, true],
    ['a super user, for another organisation', { organisationId: 8, roles: ['LRB_SUPER_USER'] }, 7, false],
    [
      'a user who is not a super user, for their own organisation',
      { organisationId: 7, roles: ['AWARDING_BODY_USER'] },
      7,
      false,
    ],
  ])('%s: may see it %s', (_what, reader, organisationId, expected) => {
    expect(mayViewLearnerManagement(reader, organisationId)).toBe(expected);
  });
});
