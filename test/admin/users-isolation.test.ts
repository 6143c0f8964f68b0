import { eachDatabase } from '../support/databases';
import { admin, type JsonReply } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const ALICE = { user: 'alice.archer' }; // super user of AO One
const OTHER = 'nadia.novak'; // a user of AO Two, owen.oakley's organisation
const NOBODY = 'no.such.user';

/** The answer without its correlation id, which differs on every call. */
const answer = (reply: JsonReply) => ({
  status: reply.status,
  code: reply.body.error?.code,
  message: reply.body.error?.message,
  keys: Object.keys(reply.body.error ?? reply.body).sort(),
});

// guide 3.2: a super user manages the users of their own organisation; another organisation's
// users are invisible, answered exactly as a username that does not exist.
describe.each(eachDatabase())('a super user sees only their own organisation, on %s', (_name, database) => {
  let running: RunningGateway;
  let nadiaBefore: unknown;
  const nadiaRow = async () =>
    (await running.gateway.dataSource.query('SELECT * FROM users WHERE username = ?', [OTHER]))[0] as Record<string, unknown>;

  beforeAll(async () => {
    running = await startGateway({ database });
    nadiaBefore = await nadiaRow();
  });
  afterAll(() => running.stop());

  test.each([
    ['read', 'GET', '', undefined],
    ['change', 'PATCH', '', { familyName: 'Stolen' }],
    ['change the roles of', 'PATCH', '', { roles: ['LRB_SUPER_USER'] }],
    ['suspend', 'POST', '/suspend', undefined],
    ['reactivate', 'POST', '/reactivate', undefined],
    ['reset the password of', 'POST', '/password-reset', undefined],
    ['read the secret question of', 'GET', '/secret-question', undefined],
    ['check the identity of', 'POST', '/identity-check', { answer: 'anything' }],
    ['delete', 'DELETE', '', undefined],
  ])(
    'alice.archer cannot %s a user of AO Two, and the answer is the same as for a user who does not exist',
    async (_what, method, suffix, body) => {
      const other = await admin(running.baseUrl, method, `/users/${OTHER}${suffix}`, { ...ALICE, body });
      const nobody = await admin(running.baseUrl, method, `/users/${NOBODY}${suffix}`, { ...ALICE, body });
      expect(answer(other)).toEqual({
        status: 404,
        code: 'USER_NOT_FOUND',
        message: expect.any(String),
        keys: ['code', 'correlationId', 'message'],
      });
      expect(answer(other)).toEqual(answer(nobody));
      expect(await nadiaRow()).toEqual(nadiaBefore);
    },
  );

  test("searches never list another organisation's users", async () => {
    for (const query of ['', '?username=nadia', '?familyName=Novak', '?role=QCF_USER', '?status=SUSPENDED', '?role=ALL']) {
      const reply = await admin(running.baseUrl, 'GET', `/users${query}`, ALICE);
      const ukprns = new Set((reply.body.users as { organisationUkprn: string }[]).map((u) => u.organisationUkprn));
      expect([query, [...ukprns].filter((u) => u !== '10099901')]).toEqual([query, []]);
    }
    const byName = await admin(running.baseUrl, 'GET', '/users?username=nadia.novak', ALICE);
    expect(byName.body).toMatchObject({ total: 0, users: [] });
  });

  test("owen.oakley sees his own user, alice's audit trail never shows AO Two's activity", async () => {
    const own = await admin(running.baseUrl, 'GET', `/users/${OTHER}`, { user: 'owen.oakley' });
    expect(own.body).toMatchObject({ username: OTHER, organisationUkprn: '10099902' });
    await admin(running.baseUrl, 'POST', `/users/${OTHER}/identity-check`, { user: 'owen.oakley', body: { answer: 'x' } });
    const trail = await admin(running.baseUrl, 'GET', `/audit-trail?username=${OTHER}`, ALICE);
    const mine = await admin(running.baseUrl, 'GET', '/audit-trail?pageSize=200', ALICE);
    expect(trail.body.total).toBe(0);
    expect((mine.body.entries as { username: string }[]).map((e) => e.username)).not.toContain('owen.oakley');
  });

  test('the same names in another organisation are another person: an account of its own, with its own username', async () => {
    const created = await admin(running.baseUrl, 'POST', '/users', {
      ...ALICE,
      body: { givenName: 'Nadia', familyName: 'Novak', email: 'nadia.novak@compatibilitytest.example', roles: ['QCF_USER'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'nadia.novak2', organisationUkprn: '10099901' });
  });

  test('a user who is not a super user cannot manage users at all', async () => {
    const reply = await admin(running.baseUrl, 'GET', '/users', { user: 'victor.vance' });
    expect([reply.status, reply.body.error?.code]).toEqual([403, 'ROLE_REQUIRED']);
  });
});
