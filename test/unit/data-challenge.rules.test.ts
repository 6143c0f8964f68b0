import {
  canRead,
  canWork,
  checkDescription,
  checkRaiser,
  checkSetInProgress,
  checkTriage,
  checkTypeAndProblem,
  checkUpdate,
  DATA_CHALLENGE_STATUSES,
  DATA_CHALLENGE_TYPES,
  type DataChallengeStatus,
  type DataChallengeType,
  type EdcAssignment,
  initialStatus,
  isOpen,
  mayNominateResolver,
  pagingOf,
  PROBLEM_TYPES,
  type ProblemType,
  type Reader,
  type TriageDecision,
  visibilityOf,
} from '../../src/data-challenges/data-challenge.rules';

const codeOf = (breach: { code: string } | undefined) => breach?.code ?? 'OK';

describe('the data challenge state machine (guide 6.3, 6.4)', () => {
  const C = 'Grade corrected from C to B in our records and on the PLR';
  // from, to, comment, outcome: every pair of statuses, with and without a comment.
  const TABLE: [DataChallengeStatus, DataChallengeStatus, string | undefined, string][] = [
    ['NEW', 'NEW', undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['NEW', 'NEW', C, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['NEW', 'IN_PROGRESS', undefined, 'OK'],
    ['NEW', 'IN_PROGRESS', C, 'OK'],
    ['NEW', 'RESOLVED_UPHELD', undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['NEW', 'RESOLVED_UPHELD', C, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['NEW', 'RESOLVED_REJECTED', undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['NEW', 'RESOLVED_REJECTED', C, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['IN_PROGRESS', 'NEW', undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['IN_PROGRESS', 'NEW', C, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['IN_PROGRESS', 'IN_PROGRESS', undefined, 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['IN_PROGRESS', 'IN_PROGRESS', C, 'OK'],
    ['IN_PROGRESS', 'RESOLVED_UPHELD', undefined, 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['IN_PROGRESS', 'RESOLVED_UPHELD', C, 'OK'],
    ['IN_PROGRESS', 'RESOLVED_REJECTED', undefined, 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['IN_PROGRESS', 'RESOLVED_REJECTED', C, 'OK'],
    ...(['NEW', 'IN_PROGRESS'] as const).flatMap((from) =>
      (['AWAITING_TRIAGE', 'REJECTED_INVALID'] as const).flatMap((to) => [
        [from, to, undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'] as [
          DataChallengeStatus,
          DataChallengeStatus,
          undefined,
          string,
        ],
        [from, to, C, 'DATA_CHALLENGE_TRANSITION_INVALID'] as [DataChallengeStatus, DataChallengeStatus, string, string],
      ]),
    ),
    // guide 6.1: until the LRS has triaged it, the AO cannot act on it at all.
    ...DATA_CHALLENGE_STATUSES.flatMap((to) => [
      ['AWAITING_TRIAGE', to, undefined, 'DATA_CHALLENGE_TRANSITION_INVALID'] as [
        DataChallengeStatus,
        DataChallengeStatus,
        undefined,
        string,
      ],
      ['AWAITING_TRIAGE', to, C, 'DATA_CHALLENGE_TRANSITION_INVALID'] as [
        DataChallengeStatus,
        DataChallengeStatus,
        string,
        string,
      ],
    ]),
    ...(['RESOLVED_UPHELD', 'RESOLVED_REJECTED', 'REJECTED_INVALID'] as const).flatMap((from) =>
      DATA_CHALLENGE_STATUSES.flatMap((to) => [
        [from, to, undefined, 'DATA_CHALLENGE_CLOSED'] as [DataChallengeStatus, DataChallengeStatus, undefined, string],
        [from, to, C, 'DATA_CHALLENGE_CLOSED'] as [DataChallengeStatus, DataChallengeStatus, string, string],
      ]),
    ),
  ];

  test('the table covers every pair of statuses with and without a comment', () => {
    expect(TABLE).toHaveLength(DATA_CHALLENGE_STATUSES.length ** 2 * 2);
  });

  test.each(TABLE)('%s -> %s with comment %p: %s', (from, to, comment, outcome) => {
    expect(codeOf(checkUpdate(from, to, comment))).toBe(outcome);
  });

  test.each([
    ['NEW', 'OK'],
    ['IN_PROGRESS', 'OK'],
    ['RESOLVED_UPHELD', 'DATA_CHALLENGE_CLOSED'],
    ['RESOLVED_REJECTED', 'DATA_CHALLENGE_CLOSED'],
    ['REJECTED_INVALID', 'DATA_CHALLENGE_CLOSED'],
    ['AWAITING_TRIAGE', 'DATA_CHALLENGE_TRANSITION_INVALID'],
  ] as [DataChallengeStatus, string][])('ticking a %s challenge to set it in progress: %s', (from, outcome) => {
    expect(codeOf(checkSetInProgress(from, 7))).toBe(outcome);
  });

  test('a challenge is open while awaiting triage, NEW or IN_PROGRESS', () => {
    expect(DATA_CHALLENGE_STATUSES.filter(isOpen)).toEqual(['AWAITING_TRIAGE', 'NEW', 'IN_PROGRESS']);
  });
});

describe('the triage of raised challenges (guide 6.1)', () => {
  const AO_ONE = { id: 1, kind: 'AO' };
  const AO_TWO = { id: 2, kind: 'AO' };
  const SCHOOL = { id: 3, kind: 'LRB' };
  const assign = (assignee = AO_ONE): TriageDecision => ({ action: 'assign', assignee });
  const reassign = (assignee = AO_TWO): TriageDecision => ({ action: 'reassign', assignee });
  const reject = (reason?: string): TriageDecision => ({ action: 'reject', reason });
  const outcomeOf = (result: { status: DataChallengeStatus } | { code: string }) =>
    'code' in result ? result.code : result.status;

  // from, decision, outcome: every status against every kind of decision.
  const TABLE: [DataChallengeStatus, string, TriageDecision, string][] = [
    ['AWAITING_TRIAGE', "assign to the achievement's AO", assign(), 'NEW'],
    ['AWAITING_TRIAGE', 'assign to another AO', assign(AO_TWO), 'NEW'],
    ['AWAITING_TRIAGE', 'assign to a school', assign(SCHOOL), 'DATA_CHALLENGE_ASSIGNEE_INVALID'],
    ['AWAITING_TRIAGE', 'reassign', reassign(), 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['AWAITING_TRIAGE', 'reject with a reason', reject('Not an LRS record'), 'REJECTED_INVALID'],
    ['AWAITING_TRIAGE', 'reject without a reason', reject('  '), 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['AWAITING_TRIAGE', 'reject with a reason too long', reject('x'.repeat(2001)), 'DATA_CHALLENGE_TEXT_INVALID'],
    ...(['NEW', 'IN_PROGRESS'] as const).flatMap((from): [DataChallengeStatus, string, TriageDecision, string][] => [
      [from, 'assign', assign(), 'DATA_CHALLENGE_TRANSITION_INVALID'],
      [from, 'reassign to another AO', reassign(), 'NEW'],
      [from, 'reassign to the same AO', reassign(AO_ONE), 'DATA_CHALLENGE_ASSIGNEE_INVALID'],
      [from, 'reassign to a school', reassign(SCHOOL), 'DATA_CHALLENGE_ASSIGNEE_INVALID'],
      [from, 'reject', reject('Too late'), 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ]),
    ...(['RESOLVED_UPHELD', 'RESOLVED_REJECTED', 'REJECTED_INVALID'] as const).flatMap(
      (from): [DataChallengeStatus, string, TriageDecision, string][] => [
        [from, 'assign', assign(), 'DATA_CHALLENGE_CLOSED'],
        [from, 'reassign', reassign(), 'DATA_CHALLENGE_CLOSED'],
        [from, 'reject', reject('Again'), 'DATA_CHALLENGE_CLOSED'],
      ],
    ),
  ];

  test('the table covers every status', () => {
    expect(new Set(TABLE.map(([from]) => from))).toEqual(new Set(DATA_CHALLENGE_STATUSES));
  });

  test.each(TABLE)('%s, %s: %s', (from, _what, decision, outcome) => {
    expect(outcomeOf(checkTriage({ status: from, assignedOrganisationId: AO_ONE.id }, decision))).toBe(outcome);
  });

  test.each([
    ['triage', 'LRB', 'AWAITING_TRIAGE'],
    ['triage', 'OPERATOR', 'NEW'],
    ['automatic', 'LRB', 'NEW'],
    ['automatic', 'OPERATOR', 'NEW'],
  ] as [EdcAssignment, string, DataChallengeStatus][])(
    'with %s assignment a challenge raised by an %s starts %s',
    (setting, kind, status) => {
      expect(initialStatus(setting, kind)).toBe(status);
    },
  );

  test.each([
    ['AWAITING_TRIAGE', false, false],
    ['REJECTED_INVALID', false, false],
    ['NEW', true, true],
    ['RESOLVED_UPHELD', true, true],
  ] as [DataChallengeStatus, boolean, boolean][])(
    'the AO reads a %s challenge: %p, works it: %p; the raiser always reads it',
    (status, reads, works) => {
      const challenge = { assignedOrganisationId: AO_ONE.id, raisedByOrganisationId: SCHOOL.id, status };
      const aoUser = { organisationId: AO_ONE.id, organisationKind: 'AO', roles: ['QCF_USER'] };
      const raiser = { organisationId: SCHOOL.id, organisationKind: 'LRB', roles: ['LRB_USER'] };
      expect([canRead(challenge, aoUser), canWork(challenge, aoUser), canRead(challenge, raiser)]).toEqual([reads, works, true]);
    },
  );
});

describe('comments and descriptions', () => {
  test.each([
    ['an empty comment', '', 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['spaces and line breaks only', '  \n\t ', 'DATA_CHALLENGE_COMMENT_REQUIRED'],
    ['a one-character comment', 'x', 'OK'],
    ['2000 characters', 'a'.repeat(2000), 'OK'],
    ['2000 characters with spaces around them', `  ${'a'.repeat(2000)}  `, 'OK'],
    ['2001 characters', 'a'.repeat(2001), 'DATA_CHALLENGE_TEXT_INVALID'],
  ])('resolving with %s: %s', (_what, comment, outcome) => {
    expect(codeOf(checkUpdate('IN_PROGRESS', 'RESOLVED_REJECTED', comment))).toBe(outcome);
  });

  test('a comment is optional when the status changes without resolving, but checked when given', () => {
    expect(codeOf(checkUpdate('NEW', 'IN_PROGRESS', undefined))).toBe('OK');
    expect(codeOf(checkUpdate('NEW', 'IN_PROGRESS', 'a'.repeat(2001)))).toBe('DATA_CHALLENGE_TEXT_INVALID');
  });

  test.each([
    [undefined, 'DATA_CHALLENGE_TEXT_INVALID'],
    ['   ', 'DATA_CHALLENGE_TEXT_INVALID'],
    ['The grade is B, not C', 'OK'],
    ['b'.repeat(2001), 'DATA_CHALLENGE_TEXT_INVALID'],
  ])('a description %p: %s', (description, outcome) => {
    expect(codeOf(checkDescription(description))).toBe(outcome);
  });
});

describe('type and problem type pairs (guide 6.1, 6.2.3)', () => {
  const ALLOWED: Record<DataChallengeType, ProblemType[]> = {
    INFORMATION_WRONG: ['GRADE_WRONG', 'DATE_WRONG'],
    NOT_THIS_LEARNER: ['ULN_PREVIOUSLY_SHARED', 'DISPUTED'],
    DIFFERENT_LEARNER: ['ULN_SHARED_BY_TWO_LEARNERS'],
    APPEARS_MORE_THAN_ONCE: ['UPLOADED_MORE_THAN_ONCE'],
  };
  const PAIRS = DATA_CHALLENGE_TYPES.flatMap((type) =>
    PROBLEM_TYPES.map(
      (problem) => [type, problem, ALLOWED[type].includes(problem) ? 'OK' : 'DATA_CHALLENGE_TYPE_MISMATCH'] as const,
    ),
  );

  test.each(PAIRS)('%s with %s: %s', (type, problem, outcome) => {
    expect(codeOf(checkTypeAndProblem(type, problem))).toBe(outcome);
  });

  test('every problem type belongs to exactly one type', () => {
    for (const problem of PROBLEM_TYPES) {
      expect(PAIRS.filter(([, p, outcome]) => p === problem && outcome === 'OK')).toHaveLength(1);
    }
  });

  test.each([
    ['LRB', 'INFORMATION_WRONG', 'OK'],
    ['LRB', 'NOT_THIS_LEARNER', 'OK'],
    ['LRB', 'APPEARS_MORE_THAN_ONCE', 'OK'],
    ['LRB', 'DIFFERENT_LEARNER', 'DATA_CHALLENGE_TYPE_NOT_ALLOWED'],
    ['OPERATOR', 'DIFFERENT_LEARNER', 'OK'],
    ['OPERATOR', 'INFORMATION_WRONG', 'OK'],
    ['AO', 'INFORMATION_WRONG', 'ORGANISATION_NOT_PERMITTED'],
  ] as [string, DataChallengeType, string][])('an organisation of kind %s raising %s: %s', (kind, type, outcome) => {
    expect(codeOf(checkRaiser(kind, type))).toBe(outcome);
  });
});

describe('who sees and works a challenge', () => {
  const AO_ROLE_SET = ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'];
  const AO_ONE = 1;
  const AO_TWO = 2;
  const SCHOOL = 3;
  const OTHER_SCHOOL = 4;
  const challenge = { assignedOrganisationId: AO_ONE, raisedByOrganisationId: SCHOOL, status: 'NEW' as const };
  const ao = (organisationId: number, roles: string[]) => ({ organisationId, organisationKind: 'AO', roles });
  const lrb = (organisationId: number, roles: string[]) => ({ organisationId, organisationKind: 'LRB', roles });

  test.each<[string, Reader, boolean, boolean]>([
    ["AO One's QCF_USER", ao(AO_ONE, ['QCF_USER']), true, true],
    ["AO One's QCF_RECORD_SET_USER", ao(AO_ONE, ['QCF_RECORD_SET_USER']), true, true],
    ["AO One's super user (user management only)", ao(AO_ONE, ['LRB_SUPER_USER']), false, false],
    ["AO One's AWARDING_BODY_USER (single-learner verification)", ao(AO_ONE, ['AWARDING_BODY_USER']), false, false],
    ["AO One's AWARDING_BODY_BATCH_USER", ao(AO_ONE, ['AWARDING_BODY_BATCH_USER']), false, false],
    ["AO Two's user with every AO role", ao(AO_TWO, [...AO_ROLE_SET]), false, false],
    ["the raising school's LRB user", lrb(SCHOOL, ['LRB_USER']), true, false],
    ["the raising school's super user (user management only)", lrb(SCHOOL, ['LRB_SUPER_USER']), false, false],
    ["another school's LRB user", lrb(OTHER_SCHOOL, ['LRB_USER']), false, false],
    ['an operator of the service', { organisationId: 9, organisationKind: 'OPERATOR', roles: ['OPERATOR'] }, false, false],
  ])('%s: reads %p, works %p', (_who, reader, reads, works) => {
    expect(canRead(challenge, reader)).toBe(reads);
    expect(canWork(challenge, reader)).toBe(works);
  });

  test('an AO lists what is assigned to it, an LRB what it raised', () => {
    expect(visibilityOf(ao(AO_ONE, ['QCF_USER']))).toEqual({ assignedTo: AO_ONE });
    expect(visibilityOf(lrb(SCHOOL, ['LRB_USER']))).toEqual({ raisedBy: SCHOOL });
    expect(visibilityOf(lrb(SCHOOL, ['LRB_SUPER_USER']))).toEqual({});
  });

  test.each([
    ["the AO's super user, its own AO", ao(AO_ONE, ['LRB_SUPER_USER']), { id: AO_ONE, kind: 'AO' }, true],
    ["the AO's super user, another AO", ao(AO_ONE, ['LRB_SUPER_USER']), { id: AO_TWO, kind: 'AO' }, false],
    ["the AO's QCF user, its own AO", ao(AO_ONE, ['QCF_USER']), { id: AO_ONE, kind: 'AO' }, false],
    [
      'an operator, any AO',
      { organisationId: 9, organisationKind: 'OPERATOR', roles: ['OPERATOR'] },
      { id: AO_TWO, kind: 'AO' },
      true,
    ],
    [
      'an operator, a school',
      { organisationId: 9, organisationKind: 'OPERATOR', roles: ['OPERATOR'] },
      { id: SCHOOL, kind: 'LRB' },
      false,
    ],
    ["a school's super user, its own school", lrb(SCHOOL, ['LRB_SUPER_USER']), { id: SCHOOL, kind: 'LRB' }, false],
  ])('nominating the EDC resolver: %s: %p', (_who, reader, organisation, allowed) => {
    expect(mayNominateResolver(reader, organisation)).toBe(allowed);
  });
});

describe('paging', () => {
  test.each([
    [undefined, undefined, { page: 1, pageSize: 50, offset: 0 }],
    [3, 20, { page: 3, pageSize: 20, offset: 40 }],
    [0, 0, { page: 1, pageSize: 50, offset: 0 }],
    [2, 500, { page: 2, pageSize: 200, offset: 200 }],
  ])('page %p of size %p', (page, size, expected) => {
    expect(pagingOf(page, size)).toEqual(expected);
  });
});
