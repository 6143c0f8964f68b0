import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerify, codeOf, lrsVerify } from './users-helpers';

const ALICE = { user: 'alice.archer' };
const DAY_MS = 86_400_000;

describe.each(eachDatabase())('housekeeping of users (guide 3.1, 3.3), on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  const lastLogin = async (username: string) =>
    (await admin(running.baseUrl, 'GET', `/users/${username}`, ALICE)).body.lastLoginAt as string | null;
  const setLastLogin = (username: string, at: Date | null) =>
    running.gateway.dataSource.query('UPDATE users SET last_login_at = ? WHERE username = ?', [
      at && at.toISOString().replace('T', ' ').replace('Z', ''),
      username,
    ]);

  test('a successful login is recorded on every surface; a refused one is not', async () => {
    expect(await lastLogin('victor.vance')).toBeNull();
    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Wrong-Password-1')).toBe('AUTH_FAILED');
    expect(await lastLogin('victor.vance')).toBeNull();
    const before = Date.now();
    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('WSVRC001');
    expect(Date.parse((await lastLogin('victor.vance')) as string)).toBeGreaterThanOrEqual(before - 1000);

    expect(await lastLogin('barbara.bates')).toBeNull();
    await running.gateway.dataSource.query(
      "UPDATE user_roles SET role = 'AWARDING_BODY_USER' WHERE user_id = (SELECT id FROM users WHERE username = 'barbara.bates')",
    );
    expect(await lrsVerify(running.baseUrl, 'barbara.bates')).toBe('WSVRC001');
    expect(await lastLogin('barbara.bates')).not.toBeNull();
    expect(await lastLogin('alice.archer')).not.toBeNull(); // the super user's own admin calls
  });

  test('a super user lists the users not seen for N days, never-seen first, only of their organisation', async () => {
    await setLastLogin('quentin.quinn', new Date(Date.now() - 100 * DAY_MS));
    await setLastLogin('rita.reeves', new Date(Date.now() - 10 * DAY_MS));
    await setLastLogin('morgan.mills', null);
    await setLastLogin('dana.dixon', new Date()); // the developer of the data set: seen today
    const reply = await admin(running.baseUrl, 'GET', '/users/inactive?days=30', ALICE);
    expect(reply.status).toBe(200);
    const listed = (reply.body.users as { username: string; lastLoginAt: string | null }[]).map((u) => u.username);
    expect(listed).toEqual(['morgan.mills', 'simon.stone', 'quentin.quinn']);
    expect(reply.body).toMatchObject({ days: 30 });

    const all = await admin(running.baseUrl, 'GET', '/users/inactive?days=5', ALICE);
    expect((all.body.users as { username: string }[]).map((u) => u.username)).toEqual([
      'morgan.mills',
      'simon.stone',
      'quentin.quinn',
      'rita.reeves',
    ]);
    for (const days of ['0', 'many', '']) {
      const bad = await admin(running.baseUrl, 'GET', `/users/inactive?days=${days}`, ALICE);
      expect([bad.status, codeOf(bad)]).toEqual([400, 'REQUEST_INVALID']);
    }
  });

  test('the admin API warns, never refuses, when an organisation has fewer than three or more than five super users', async () => {
    const list = await admin(running.baseUrl, 'GET', '/users', ALICE);
    expect(list.body.warnings).toEqual([
      { code: 'SUPER_USERS_TOO_FEW', message: 'The organisation has 2 active super users; guide 3.1 recommends at least 3' },
    ]);
    const people = ['Hannah Hughes', 'Ivan Ingram', 'Julia James', 'Kamal Khan'];
    const created = [];
    for (const person of people) {
      const [givenName, familyName] = person.split(' ');
      const reply = await admin(running.baseUrl, 'POST', '/users', {
        ...ALICE,
        body: { givenName, familyName, email: `${givenName.toLowerCase()}@ao-one.example`, roles: ['LRB_SUPER_USER'] },
      });
      expect(reply.status).toBe(201);
      created.push(reply.body.warnings);
    }
    expect(created.map((w) => (w as { code: string }[]).map((x) => x.code))).toEqual([[], [], [], ['SUPER_USERS_TOO_MANY']]);
    const suspended = await admin(running.baseUrl, 'POST', '/users/kamal.khan/suspend', ALICE);
    expect([suspended.status, suspended.body.warnings]).toEqual([200, []]);
    const operator = await admin(running.baseUrl, 'GET', '/organisations/10099902', { user: 'olga.ortiz' });
    expect(operator.body.warnings).toMatchObject([{ code: 'SUPER_USERS_TOO_FEW' }]);
    const own = await admin(running.baseUrl, 'GET', '/organisations/10099900', { user: 'olga.ortiz' });
    expect(own.body.warnings).toEqual([]);
  });
});
