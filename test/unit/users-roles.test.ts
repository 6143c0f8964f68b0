import { grantableRoles, rolesNotGrantable } from '../../src/users/role-grants.rules';
import { SECRET_QUESTIONS, secretQuestionAndAnswer } from '../../src/users/secret-question.rules';

describe('a super user grants only the roles of guide Appendix A that fit their organisation', () => {
  test.each([
    ['AO', ['QCF_USER', 'AWARDING_BODY_USER'], []],
    ['AO', ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'QCF_RECORD_SET_USER'], []],
    ['AO', ['LRB_USER'], ['LRB_USER']],
    ['AO', ['OPERATOR', 'QCF_USER'], ['OPERATOR']],
    ['LRB', ['LRB_SUPER_USER', 'LRB_USER'], []],
    ['LRB', ['QCF_USER'], ['QCF_USER']],
    ['LRB', ['OPERATOR'], ['OPERATOR']],
    ['OPERATOR', ['OPERATOR'], ['OPERATOR']],
    ['UNKNOWN', ['LRB_SUPER_USER'], ['LRB_SUPER_USER']],
  ])('in an organisation of kind %s, %j: refused %j', (kind, roles, refused) => {
    expect(rolesNotGrantable(kind, roles)).toEqual(refused);
  });

  test('OPERATOR is never grantable', () => {
    for (const kind of ['AO', 'LRB', 'OPERATOR']) expect(grantableRoles(kind)).not.toContain('OPERATOR');
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
