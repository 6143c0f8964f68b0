import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerify, codeOf } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const ALICE = { user: 'alice.archer' };
const PASSWORD = 'Compat-Test-2026';
const EVERY_AO_ROLE = [
  'LRB_SUPER_USER',
  'AWARDING_BODY_BATCH_USER',
  'AWARDING_BODY_USER',
  'QCF_RECORD_SET_USER',
  'QCF_USER',
  'DEVELOPER',
];

describe.each(eachDatabase())('the roles an organisation was set up for (guide Appendix A), on %s', (_name, database) => {
  let running: RunningGateway;
  const rolesOf = async (username: string): Promise<string[]> =>
    (
      (await running.gateway.dataSource.query(
        'SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = ? ORDER BY r.role',
        [username],
      )) as { role: string }[]
    ).map((row) => row.role);

  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('the compatibility organisations are set up for the roles their users hold', async () => {
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099901/roles', OLGA)).body).toEqual({
      ukprn: '10099901',
      roles: EVERY_AO_ROLE,
    });
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099903/roles', OLGA)).body).toEqual({
      ukprn: '10099903',
      roles: ['LRB_SUPER_USER', 'LRB_USER', 'DEVELOPER'],
    });
  });

  test('a role taken from an organisation is taken from its users at once; its super user can no longer grant it', async () => {
    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toMatch(/^WSVRC00/);
    const narrowed = EVERY_AO_ROLE.filter((role) => role !== 'AWARDING_BODY_USER');
    const set = await admin(running.baseUrl, 'PUT', '/organisations/10099901/roles', { ...OLGA, body: { roles: narrowed } });
    expect(set.status).toBe(200);
    // victor.vance, morgan.mills and the suspended simon.stone held it.
    expect(set.body).toEqual({ ukprn: '10099901', roles: narrowed, rolesTakenFromUsers: 3 });

    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toBe('ROLE_REQUIRED');
    expect(await aoVerify(running.baseUrl, 'morgan.mills', PASSWORD)).toBe('ROLE_REQUIRED');
    expect(await rolesOf('morgan.mills')).not.toContain('AWARDING_BODY_USER');
    const person = { givenName: 'Grace', familyName: 'Granted', email: 'grace.granted@ao1.example' };
    const refused = await admin(running.baseUrl, 'POST', '/users', {
      ...ALICE,
      body: { ...person, roles: ['AWARDING_BODY_USER'] },
    });
    expect([refused.status, codeOf(refused)]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    const onUpdate = await admin(running.baseUrl, 'PATCH', '/users/quentin.quinn', {
      ...ALICE,
      body: { roles: ['QCF_USER', 'AWARDING_BODY_USER'] },
    });
    expect([onUpdate.status, codeOf(onUpdate)]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    expect(await rolesOf('quentin.quinn')).toEqual(['QCF_USER']);
    const granted = await admin(running.baseUrl, 'POST', '/users', { ...ALICE, body: { ...person, roles: ['QCF_USER'] } });
    expect(granted.status).toBe(201);

    const [audit] = (await running.gateway.dataSource.query(
      "SELECT username, outcome FROM audit_entries WHERE operation = 'SetOrganisationRoles' AND subject = '10099901'",
    )) as { username: string; outcome: string }[];
    expect(audit).toEqual({ username: 'olga.ortiz', outcome: 'OK' });

    // Granting the role again does not hand it back to anyone: a super user grants it anew.
    await admin(running.baseUrl, 'PUT', '/organisations/10099901/roles', { ...OLGA, body: { roles: EVERY_AO_ROLE } });
    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toBe('ROLE_REQUIRED');
    expect(
      (await admin(running.baseUrl, 'PATCH', '/users/victor.vance', { ...ALICE, body: { roles: ['AWARDING_BODY_USER'] } }))
        .status,
    ).toBe(200);
    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toMatch(/^WSVRC00/);
    await admin(running.baseUrl, 'POST', '/compatibility-data/reset', OLGA);
  });

  test.each([
    ['without the super user role', '10099901', { roles: ['QCF_USER'] }, 400, 'ORGANISATION_INVALID'],
    ['with a role of another kind', '10099901', { roles: ['LRB_SUPER_USER', 'LRB_USER'] }, 403, 'ROLE_NOT_GRANTABLE'],
    ['for the operator organisation', '10099900', { roles: ['LRB_SUPER_USER'] }, 403, 'ROLE_NOT_GRANTABLE'],
    ['with a role that does not exist', '10099901', { roles: ['LRB_SUPER_USER', 'KING'] }, 400, 'REQUEST_INVALID'],
    ['for an organisation that does not exist', '19999999', { roles: ['LRB_SUPER_USER'] }, 404, 'ORGANISATION_NOT_FOUND'],
  ])('setting the roles %s is refused and changes nothing', async (_what, ukprn, body, status, code) => {
    const reply = await admin(running.baseUrl, 'PUT', `/organisations/${ukprn}/roles`, { ...OLGA, body });
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099901/roles', OLGA)).body.roles).toEqual(EVERY_AO_ROLE);
  });

  test('only an operator sets them', async () => {
    const reply = await admin(running.baseUrl, 'PUT', '/organisations/10099901/roles', {
      ...ALICE,
      body: { roles: EVERY_AO_ROLE },
    });
    expect([reply.status, codeOf(reply)]).toEqual([403, 'ROLE_REQUIRED']);
  });

  test('a new organisation is set up for the roles the operator names, or every role of its kind', async () => {
    const ao = { ukprn: '10099961', name: 'Narrow Awards', kind: 'AO', recognitionNumber: 'RN9061' };
    const created = await admin(running.baseUrl, 'POST', '/organisations', {
      ...OLGA,
      body: { ...ao, roles: ['QCF_USER', 'LRB_SUPER_USER'] },
    });
    expect(created.status).toBe(201);
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099961/roles', OLGA)).body.roles).toEqual([
      'LRB_SUPER_USER',
      'QCF_USER',
    ]);
    const lrb = { ukprn: '10099962', name: 'Every Role College', kind: 'LRB' };
    expect((await admin(running.baseUrl, 'POST', '/organisations', { ...OLGA, body: lrb })).status).toBe(201);
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099962/roles', OLGA)).body.roles).toEqual([
      'LRB_SUPER_USER',
      'LRB_USER',
      'DEVELOPER',
    ]);
    const refused = await admin(running.baseUrl, 'POST', '/organisations', {
      ...OLGA,
      body: { ...ao, ukprn: '10099963', recognitionNumber: 'RN9063', roles: ['QCF_USER'] },
    });
    expect([refused.status, codeOf(refused)]).toEqual([400, 'ORGANISATION_INVALID']);
  });
});
