import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const ALICE = { user: 'alice.archer' }; // super user of AO One
const OTHER = 'nadia.novak'; // a user of AO Two, owen.oakley's organisation

// guide 3.2: a super user manages the users of their own organisation. The attacks on another
// organisation's users are in test/red-team/isolation.test.ts.
describe.each(eachDatabase())('each organisation has its own users, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test("owen.oakley sees his own organisation's user", async () => {
    const own = await admin(running.baseUrl, 'GET', `/users/${OTHER}`, { user: 'owen.oakley' });
    expect(own.body).toMatchObject({ username: OTHER, organisationUkprn: '10099902' });
  });

  test('the same names in another organisation are another person: an account of its own, with its own username', async () => {
    const created = await admin(running.baseUrl, 'POST', '/users', {
      ...ALICE,
      body: { givenName: 'Nadia', familyName: 'Novak', email: 'nadia.novak@compatibilitytest.example', roles: ['QCF_USER'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'nadia.novak2', organisationUkprn: '10099901' });
  });
});
