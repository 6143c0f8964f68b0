import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { gatewayUnderAttack } from '../support/red-team';

/**
 * Privilege escalation through the admin API: a super user granting roles beyond their
 * organisation's (guide Appendix A, 3.5.3), making operators, moving a user (or themself) to
 * another organisation, a plain user or a super user calling routes of a higher role. Each is
 * refused with its code, changes nothing, and the server keeps answering.
 */

const PERSON = { givenName: 'Petra', familyName: 'Quill', email: 'petra.quill@awarding-one.example' };

interface Escalation {
  what: string;
  user: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  code: string;
}

const ESCALATIONS: Escalation[] = [
  {
    what: '[RT-ESCALATION-01] an AO super user creating a user with OPERATOR is refused ROLE_NOT_GRANTABLE',
    user: 'alice.archer',
    method: 'POST',
    path: '/users',
    body: { ...PERSON, roles: ['OPERATOR'] },
    status: 403,
    code: 'ROLE_NOT_GRANTABLE',
  },
  {
    what: '[RT-ESCALATION-02] an AO super user granting themself OPERATOR is refused ROLE_NOT_GRANTABLE',
    user: 'alice.archer',
    method: 'PATCH',
    path: '/users/alice.archer',
    body: { roles: ['LRB_SUPER_USER', 'OPERATOR'] },
    status: 403,
    code: 'ROLE_NOT_GRANTABLE',
  },
  {
    what: '[RT-ESCALATION-03] a school super user creating a user with an awarding-organisation role is refused ROLE_NOT_GRANTABLE',
    user: 'leo.lyons',
    method: 'POST',
    path: '/users',
    body: { ...PERSON, email: 'petra.quill@school.example', roles: ['AWARDING_BODY_USER'] },
    status: 403,
    code: 'ROLE_NOT_GRANTABLE',
  },
  {
    what: '[RT-ESCALATION-04] a school super user granting a user the batch role of an awarding organisation is refused ROLE_NOT_GRANTABLE',
    user: 'leo.lyons',
    method: 'PATCH',
    path: '/users/lena.lowe',
    body: { roles: ['LRB_USER', 'AWARDING_BODY_BATCH_USER'] },
    status: 403,
    code: 'ROLE_NOT_GRANTABLE',
  },
  {
    what: '[RT-ESCALATION-05] a super user moving themself to the operator organisation is refused REQUEST_INVALID',
    user: 'alice.archer',
    method: 'PATCH',
    path: '/users/alice.archer',
    body: { organisationUkprn: '10099900' },
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ESCALATION-06] a super user creating a user in another organisation is refused REQUEST_INVALID',
    user: 'alice.archer',
    method: 'POST',
    path: '/users',
    body: { ...PERSON, roles: ['QCF_USER'], organisationUkprn: '10099902' },
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ESCALATION-07] a super user making a super user for another organisation (an operator route) is refused ROLE_REQUIRED',
    user: 'alice.archer',
    method: 'POST',
    path: '/organisations/10099902/super-users',
    body: PERSON,
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: "[RT-ESCALATION-08] a super user setting their organisation's web-services password (an operator route) is refused ROLE_REQUIRED",
    user: 'alice.archer',
    method: 'PUT',
    path: '/organisations/10099901/ws-password',
    body: { password: 'Stolen-Service#1' },
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-09] a super user replacing the prohibited-text list (an operator route) is refused ROLE_REQUIRED',
    user: 'alice.archer',
    method: 'PUT',
    path: '/reference-data/prohibited-text',
    body: { phrases: [] },
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-10] a super user resetting the compatibility data set (an operator route) is refused ROLE_REQUIRED',
    user: 'alice.archer',
    method: 'POST',
    path: '/compatibility-data/reset',
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: "[RT-ESCALATION-11] a super user listing their organisation's client certificates (an operator route) is refused ROLE_REQUIRED",
    user: 'alice.archer',
    method: 'GET',
    path: '/organisations/10099901/client-certificates',
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-12] a super user changing the grades of a qualification (an operator route) is refused ROLE_REQUIRED',
    user: 'alice.archer',
    method: 'PUT',
    path: '/qualifications/60356789/grades',
    body: { grades: ['A'] },
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-13] a plain user listing users (a super-user route) is refused ROLE_REQUIRED',
    user: 'victor.vance',
    method: 'GET',
    path: '/users',
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-14] a plain user creating a user (a super-user route) is refused ROLE_REQUIRED',
    user: 'victor.vance',
    method: 'POST',
    path: '/users',
    body: { ...PERSON, roles: ['QCF_USER'] },
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-15] a plain user granting themself the super-user role is refused ROLE_REQUIRED',
    user: 'victor.vance',
    method: 'PATCH',
    path: '/users/victor.vance',
    body: { roles: ['AWARDING_BODY_USER', 'LRB_SUPER_USER'] },
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: "[RT-ESCALATION-16] a plain user resetting another user's password (a super-user route) is refused ROLE_REQUIRED",
    user: 'victor.vance',
    method: 'POST',
    path: '/users/alice.archer/password-reset',
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: "[RT-ESCALATION-17] a plain user reading the organisation's audit trail (a super-user route) is refused ROLE_REQUIRED",
    user: 'victor.vance',
    method: 'GET',
    path: '/audit-trail',
    status: 403,
    code: 'ROLE_REQUIRED',
  },
  {
    what: '[RT-ESCALATION-18] an operator making a super user inside the operator organisation is refused ORGANISATION_INVALID',
    user: 'olga.ortiz',
    method: 'POST',
    path: '/organisations/10099900/super-users',
    body: { ...PERSON, email: 'petra.quill@operations.example' },
    status: 400,
    code: 'ORGANISATION_INVALID',
  },
];

describe.each(eachDatabase())('privilege escalation through the admin API on %s', (_name, database) => {
  const target = gatewayUnderAttack(database);

  test.each(ESCALATIONS.map((e) => [e.what, e] as const))('%s', async (_what, e) => {
    const reply = await admin(target.running().baseUrl, e.method, e.path, { user: e.user, body: e.body });
    expect({ status: reply.status, code: reply.body.error?.code, ...(await target.aftermath()) }).toEqual({
      status: e.status,
      code: e.code,
      tables: target.before(),
      healthz: 200,
    });
  });
});
