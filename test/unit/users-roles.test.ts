import { checkOrganisationRoles, rolesNotGrantable, rolesOfKind } from '../../src/users/role-grants.rules';
import { SECRET_QUESTIONS, secretQuestionAndAnswer } from '../../src/users/secret-question.rules';

const EVERY_AO_ROLE = ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'];

describe('a super user grants only the roles of guide Appendix A that fit their organisation and it was set up for', () => {
  test.each([
    ['AO', EVERY_AO_ROLE, ['QCF_USER', 'AWARDING_BODY_USER'], []],
    ['AO', EVERY_AO_ROLE, ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'QCF_RECORD_SET_USER'], []],
    ['AO', ['LRB_SUPER_USER', 'AWARDING_BODY_USER'], ['QCF_USER', 'AWARDING_BODY_USER'], ['QCF_USER']],
    ['AO', ['LRB_SUPER_USER'], ['LRB_SUPER_USER'], []],
    ['AO', [...EVERY_AO_ROLE, 'LRB_USER'], ['LRB_USER'], ['LRB_USER']],
    ['AO', EVERY_AO_ROLE, ['OPERATOR', 'QCF_USER'], ['OPERATOR']],
    ['LRB', ['LRB_SUPER_USER', 'LRB_USER'], ['LRB_SUPER_USER', 'LRB_USER'], []],
    ['LRB', ['LRB_SUPER_USER'], ['LRB_USER'], ['LRB_USER']],
    ['LRB', ['LRB_SUPER_USER', 'QCF_USER'], ['QCF_USER'], ['QCF_USER']],
    ['LRB', ['LRB_SUPER_USER', 'LRB_USER'], ['OPERATOR'], ['OPERATOR']],
    ['OPERATOR', ['OPERATOR'], ['OPERATOR'], ['OPERATOR']],
    ['AO', [...EVERY_AO_ROLE, 'DEVELOPER'], ['DEVELOPER'], []],
    ['LRB', ['LRB_SUPER_USER', 'DEVELOPER'], ['DEVELOPER'], []],
    ['AO', EVERY_AO_ROLE, ['DEVELOPER'], ['DEVELOPER']],
    ['UNKNOWN', ['LRB_SUPER_USER'], ['LRB_SUPER_USER'], ['LRB_SUPER_USER']],
  ])('in an organisation of kind %s set up for %j, %j: refused %j', (kind, setUpFor, roles, refused) => {
    expect(rolesNotGrantable(kind, setUpFor, roles)).toEqual(refused);
  });

  test('OPERATOR is never grantable', () => {
    for (const kind of ['AO', 'LRB', 'OPERATOR']) expect(rolesOfKind(kind)).not.toContain('OPERATOR');
  });
});

describe('the roles an operator sets an organisation up for', () => {
  test.each([
    ['AO', ['QCF_USER', 'LRB_SUPER_USER'], { ok: true, roles: ['LRB_SUPER_USER', 'QCF_USER'] }],
    ['AO', EVERY_AO_ROLE, { ok: true, roles: EVERY_AO_ROLE }],
    ['AO', ['LRB_SUPER_USER'], { ok: true, roles: ['LRB_SUPER_USER'] }],
    ['AO', ['QCF_USER'], { ok: false, code: 'ORGANISATION_INVALID' }],
    ['AO', ['LRB_SUPER_USER', 'LRB_USER'], { ok: false, code: 'ROLE_NOT_GRANTABLE' }],
    ['LRB', ['LRB_SUPER_USER', 'LRB_USER'], { ok: true, roles: ['LRB_SUPER_USER', 'LRB_USER'] }],
    ['LRB', ['LRB_SUPER_USER', 'QCF_USER'], { ok: false, code: 'ROLE_NOT_GRANTABLE' }],
    ['OPERATOR', ['LRB_SUPER_USER'], { ok: false, code: 'ROLE_NOT_GRANTABLE' }],
  ])('%s set up for %j: %j', (kind, roles, expected) => {
    expect(checkOrganisationRoles(kind, roles)).toMatchObject(expected);
  });
});

describe('the secret question and answer (guide 2.3.1, 3.5.6.2)', () => {
  const question = SECRET_QUESTIONS[2];
  test.each([
    [question, 'Rex', { ok: true, value: { question, answer: 'rex' } }],
    [question, '  Mr   Tibbles ', { ok: true, value: { question, answer: 'mr tibbles' } }],
    [question, 'TAYLOR', { ok: true, value: { question, answer: 'taylor' } }],
    [question, 'ab', { ok: false, code: 'SECRET_ANSWER_INVALID' }],
    [question, '  a   ', { ok: false, code: 'SECRET_ANSWER_INVALID' }],
    [question, 'x'.repeat(101), { ok: false, code: 'SECRET_ANSWER_INVALID' }],
    ['What is your favourite colour?', 'Blue', { ok: false, code: 'SECRET_QUESTION_UNKNOWN' }],
  ])('%j answered %j', (q, answer, expected) => {
    expect(secretQuestionAndAnswer(q, answer)).toMatchObject(expected);
  });
});
