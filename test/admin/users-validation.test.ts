import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { codeOf } from './users-helpers';

const ALICE = { user: 'alice.archer' };
const PERSON = { givenName: 'Sam', familyName: 'Taylor', email: 'sam.taylor@awarding-one.example', roles: ['QCF_USER'] };

describe.each(eachDatabase())(
  'bad requests to the user calls are refused with a stable code and change nothing, on %s',
  (_name, database) => {
    let running: RunningGateway;
    const state = async () =>
      JSON.stringify(
        await running.gateway.dataSource.query(
          'SELECT u.username, u.status, u.given_name, u.family_name, u.email, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id ORDER BY u.username, r.role',
        ),
      );

    beforeAll(async () => {
      running = await startGateway({ database });
    });
    afterAll(() => running.stop());

    test.each([
      ['no email', { ...PERSON, email: undefined }, 400, 'REQUEST_INVALID'],
      ['an email that is not one', { ...PERSON, email: 'sam at example' }, 400, 'REQUEST_INVALID'],
      ['no role', { ...PERSON, roles: [] }, 400, 'REQUEST_INVALID'],
      ['a role that does not exist', { ...PERSON, roles: ['GOD'] }, 400, 'REQUEST_INVALID'],
      ['a username of its own choosing', { ...PERSON, username: 'sam' }, 400, 'REQUEST_INVALID'],
      ['a phone number with letters', { ...PERSON, phoneMobile: 'call me' }, 400, 'REQUEST_INVALID'],
      ['a name with digits', { ...PERSON, givenName: 'Sam2' }, 400, 'USER_NAME_INVALID'],
      ['a blank family name', { ...PERSON, familyName: '   ' }, 400, 'USER_NAME_INVALID'],
      ['a name with no letter a to z', { ...PERSON, givenName: '李' }, 400, 'USER_NAME_INVALID'],
      ['a guest account', { ...PERSON, givenName: 'Guest' }, 400, 'GENERIC_ACCOUNT'],
      ['an admin account', { ...PERSON, givenName: 'Admin', familyName: 'Account' }, 400, 'GENERIC_ACCOUNT'],
      ['a test account', { ...PERSON, givenName: 'Test', familyName: 'User' }, 400, 'GENERIC_ACCOUNT'],
      ['an office account', { ...PERSON, givenName: 'Exams', familyName: 'Office' }, 400, 'GENERIC_ACCOUNT'],
      ['the operator role', { ...PERSON, roles: ['OPERATOR'] }, 403, 'ROLE_NOT_GRANTABLE'],
      ["an LRB's role in an AO", { ...PERSON, roles: ['QCF_USER', 'LRB_USER'] }, 403, 'ROLE_NOT_GRANTABLE'],
    ])('creating a user with %s', async (_what, body, status, code) => {
      const before = await state();
      const reply = await admin(running.baseUrl, 'POST', '/users', { ...ALICE, body });
      expect([reply.status, codeOf(reply)]).toEqual([status, code]);
      expect(JSON.stringify(reply.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:/);
      expect(await state()).toBe(before);
    });

    test('the generic-account refusal names the word', async () => {
      const reply = await admin(running.baseUrl, 'POST', '/users', { ...ALICE, body: { ...PERSON, familyName: 'Reception' } });
      expect(reply.body.error?.message).toContain('"reception"');
    });

    test.each([
      ['page 0', '?page=0'],
      ['a page size over 200', '?pageSize=201'],
      ['an unknown role', '?role=GOD'],
      ['an unknown status', '?status=GONE'],
      ['an unknown criterion', '?email=x'],
      ['a repeated criterion', '?username=a&username=b'],
    ])('a search with %s is refused', async (_what, query) => {
      expect(codeOf(await admin(running.baseUrl, 'GET', `/users${query}`, ALICE))).toBe('REQUEST_INVALID');
    });

    test('find by role, by status, everyone with All Roles (guide 3.3), in pages', async () => {
      const names = async (query: string) =>
        ((await admin(running.baseUrl, 'GET', `/users${query}`, ALICE)).body.users as { username: string }[]).map(
          (u) => u.username,
        );
      expect(await names('?role=QCF_USER')).toEqual(['morgan.mills', 'quentin.quinn']);
      expect(await names('?status=SUSPENDED')).toEqual(['simon.stone']);
      const everyone = await names('?role=ALL');
      expect(everyone).toEqual(await names(''));
      expect(everyone).toEqual(
        expect.arrayContaining([
          'alice.archer',
          'barbara.bates',
          'morgan.mills',
          'quentin.quinn',
          'rita.reeves',
          'simon.stone',
          'victor.vance',
        ]),
      );
      const page2 = await admin(running.baseUrl, 'GET', '/users?role=ALL&pageSize=3&page=2', ALICE);
      expect(page2.body).toMatchObject({ page: 2, pageSize: 3, total: everyone.length });
      expect((page2.body.users as { username: string }[]).map((u) => u.username)).toEqual(everyone.slice(3, 6));
      expect(await names('?username=ALICE')).toEqual(['alice.archer']);
      expect(await names('?givenName=%25')).toEqual([]); // LIKE wildcards are plain characters
    });

    test('an update with nothing in it, or an unknown field, is refused', async () => {
      expect(codeOf(await admin(running.baseUrl, 'PATCH', '/users/victor.vance', { ...ALICE, body: {} }))).toBe(
        'REQUEST_INVALID',
      );
      expect(codeOf(await admin(running.baseUrl, 'PATCH', '/users/victor.vance', { ...ALICE, body: { status: 'ACTIVE' } }))).toBe(
        'REQUEST_INVALID',
      );
    });

    test('an update may not make a user a copy of another', async () => {
      const reply = await admin(running.baseUrl, 'PATCH', '/users/victor.vance', {
        ...ALICE,
        body: { givenName: 'Rita', familyName: 'Reeves', email: 'rita.reeves@compatibilitytest.example' },
      });
      expect([reply.status, codeOf(reply)]).toEqual([409, 'USER_ALREADY_EXISTS']);
    });

    test('an LRB super user grants only LRB roles, and may change their own roles (guide 3.5.4)', async () => {
      const leo = { user: 'leo.lyons' };
      const aoRole = await admin(running.baseUrl, 'POST', '/users', {
        ...leo,
        body: { ...PERSON, roles: ['AWARDING_BODY_USER'] },
      });
      expect(codeOf(aoRole)).toBe('ROLE_NOT_GRANTABLE');
      const own = await admin(running.baseUrl, 'PATCH', '/users/leo.lyons', {
        ...leo,
        body: { roles: ['LRB_SUPER_USER', 'LRB_USER'] },
      });
      expect(own.body).toMatchObject({ roles: ['LRB_SUPER_USER', 'LRB_USER'] });
    });

    test.each([
      ['drop their own super user role', 'PATCH', '', { roles: ['LRB_USER'] }],
      ['suspend themselves', 'POST', '/suspend', undefined],
      ['delete themselves', 'DELETE', '', undefined],
    ])("the organisation's only active super user cannot %s", async (_what, method, suffix, body) => {
      const before = await state();
      const reply = await admin(running.baseUrl, method, `/users/leo.lyons${suffix}`, { user: 'leo.lyons', body });
      expect([reply.status, codeOf(reply)]).toEqual([409, 'LAST_SUPER_USER']);
      expect(await state()).toBe(before);
    });

    test('with another active super user, a super user may step down', async () => {
      const reply = await admin(running.baseUrl, 'PATCH', '/users/alice.archer', {
        ...ALICE,
        body: { roles: ['LRB_SUPER_USER', 'QCF_USER'] },
      });
      expect(reply.status).toBe(200); // morgan.mills is the other super user of AO One
    });

    test('concurrent creations of namesakes get distinct usernames; of the same person, exactly one account', async () => {
      const namesakes = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          admin(running.baseUrl, 'POST', '/users', {
            ...ALICE,
            body: { ...PERSON, givenName: 'John', familyName: 'Smith', email: `js${n}@ao.example` },
          }),
        ),
      );
      expect(namesakes.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(namesakes.map((r) => (r.body.user as { username: string }).username).sort()).toEqual([
        'john.smith',
        'john.smith2',
        'john.smith3',
        'john.smith4',
        'john.smith5',
      ]);
      const same = await Promise.all(
        [1, 2, 3].map(() =>
          admin(running.baseUrl, 'POST', '/users', { ...ALICE, body: { ...PERSON, givenName: 'Ann', familyName: 'Lee' } }),
        ),
      );
      expect(same.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });
  },
);
