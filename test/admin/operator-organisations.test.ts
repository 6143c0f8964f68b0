import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerify, codeOf, completeFirstLogin, lrsVerify } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const NEW_AO = {
  ukprn: '10099955',
  organisationRef: 'AOB055',
  name: 'Newly Recognised Awards',
  kind: 'AO',
  recognitionNumber: 'RN9055',
};
const WS_PASSWORD = 'NewAOWebSvc#2026';

describe.each(eachDatabase())("the operator's calls, on %s", (_name, database) => {
  let running: RunningGateway;
  const count = async (table: string) =>
    Number((await running.gateway.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('an operator creates an awarding organisation', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/organisations', { ...OLGA, body: NEW_AO });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ ...NEW_AO, status: 'ACTIVE', webServicesPasswordSet: false });
    const listed = await admin(running.baseUrl, 'GET', '/organisations', OLGA);
    expect((listed.body.organisations as { ukprn: string }[]).map((o) => o.ukprn)).toContain('10099955');
  });

  test.each([
    ['the same UKPRN', { ...NEW_AO, organisationRef: 'AOB056', recognitionNumber: 'RN9056' }, 409, 'ORGANISATION_EXISTS'],
    ['the same OrganisationRef', { ...NEW_AO, ukprn: '10099956', recognitionNumber: 'RN9056' }, 409, 'ORGANISATION_EXISTS'],
    ['the same recognition number', { ...NEW_AO, ukprn: '10099956', organisationRef: 'AOB056' }, 409, 'ORGANISATION_EXISTS'],
    [
      'an AO without a recognition number',
      { ...NEW_AO, ukprn: '10099956', organisationRef: undefined, recognitionNumber: undefined },
      400,
      'ORGANISATION_INVALID',
    ],
    [
      'an LRB with a recognition number',
      { ...NEW_AO, ukprn: '10099956', organisationRef: undefined, kind: 'LRB', recognitionNumber: 'RN9057' },
      400,
      'ORGANISATION_INVALID',
    ],
    ['a UKPRN that is not one', { ...NEW_AO, ukprn: '20099956' }, 400, 'REQUEST_INVALID'],
    ['an operator organisation', { ...NEW_AO, ukprn: '10099956', kind: 'OPERATOR' }, 400, 'REQUEST_INVALID'],
  ])('creating an organisation with %s is refused', async (_what, body, status, code) => {
    const before = await count('organisations');
    const reply = await admin(running.baseUrl, 'POST', '/organisations', { ...OLGA, body });
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect(await count('organisations')).toBe(before);
  });

  test('only an operator may call them', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/organisations', {
      user: 'alice.archer',
      body: { ...NEW_AO, ukprn: '10099957' },
    });
    expect([reply.status, codeOf(reply)]).toEqual([403, 'ROLE_REQUIRED']);
    expect(codeOf(await admin(running.baseUrl, 'GET', '/organisations/19999999', OLGA))).toBe('ORGANISATION_NOT_FOUND');
  });

  test('the web-services password is 16 characters and kept only as an scrypt hash', async () => {
    const weak = await admin(running.baseUrl, 'PUT', '/organisations/10099955/ws-password', {
      ...OLGA,
      body: { password: 'tooshort' },
    });
    expect([weak.status, codeOf(weak)]).toEqual([400, 'WS_PASSWORD_POLICY']);
    expect(weak.body.error?.message).toContain('must be exactly 16 characters');
    const set = await admin(running.baseUrl, 'PUT', '/organisations/10099955/ws-password', {
      ...OLGA,
      body: { password: WS_PASSWORD },
    });
    expect(set.body).toMatchObject({ webServicesPasswordSet: true });
    const [row] = await running.gateway.dataSource.query('SELECT ws_password_hash FROM organisations WHERE ukprn = ?', [
      '10099955',
    ]);
    expect(row.ws_password_hash).toMatch(/^scrypt\$/);
  });

  test('the first super user (guide 3.6) sets up a user who then verifies learners over the LRS-compatible service', async () => {
    const created = await admin(running.baseUrl, 'POST', '/organisations/10099955/super-users', {
      ...OLGA,
      body: { givenName: 'Priya', familyName: 'Patel', email: 'priya.patel@new-awards.example' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      username: 'priya.patel',
      organisationUkprn: '10099955',
      roles: ['LRB_SUPER_USER'],
    });
    await completeFirstLogin(running.baseUrl, 'priya.patel', created.body.oneTimePassword as string, 'Priya-Patel-2026');

    const verifier = await admin(running.baseUrl, 'POST', '/users', {
      user: 'priya.patel',
      password: 'Priya-Patel-2026',
      body: { givenName: 'Omar', familyName: 'Obi', email: 'omar.obi@new-awards.example', roles: ['AWARDING_BODY_USER'] },
    });
    await completeFirstLogin(running.baseUrl, 'omar.obi', verifier.body.oneTimePassword as string, 'Omar-Obi-2026!');
    expect(await lrsVerify(running.baseUrl, 'omar.obi', WS_PASSWORD, '10099955')).toBe('WSVRC001');
    expect(await lrsVerify(running.baseUrl, 'omar.obi', 'AO1WebService#01', '10099955')).toBe('WSEC0005');
    expect(await aoVerify(running.baseUrl, 'omar.obi', 'Omar-Obi-2026!')).toBe('WSVRC001');

    const generic = await admin(running.baseUrl, 'POST', '/organisations/10099955/super-users', {
      ...OLGA,
      body: { givenName: 'Admin', familyName: 'User', email: 'admin@new-awards.example' },
    });
    expect(codeOf(generic)).toBe('GENERIC_ACCOUNT');
  });

  test('the prohibited postcodes are replaced, normalised, and this process uses them at once', async () => {
    expect((await running.gateway.referenceData.learnerDataLists()).prohibitedPostcodes.has('CV4 9EE')).toBe(false);
    const reply = await admin(running.baseUrl, 'PUT', '/reference-data/prohibited-postcodes', {
      ...OLGA,
      body: { postcodes: ['cv49ee', ' CV4  9EE ', 'b1 1aa'] },
    });
    expect(reply.body).toEqual({ count: 2 });
    const lists = await running.gateway.referenceData.learnerDataLists();
    expect([...lists.prohibitedPostcodes].sort()).toEqual(['B1 1AA', 'CV4 9EE']);

    const bad = await admin(running.baseUrl, 'PUT', '/reference-data/prohibited-postcodes', {
      ...OLGA,
      body: { postcodes: ['B1 1AA', 'NOT A POSTCODE'] },
    });
    expect([bad.status, codeOf(bad)]).toEqual([400, 'POSTCODE_INVALID']);
    expect(await count('prohibited_postcodes')).toBe(2);
  });

  test('the prohibited text is replaced, one entry per phrase in any case', async () => {
    const reply = await admin(running.baseUrl, 'PUT', '/reference-data/prohibited-text', {
      ...OLGA,
      body: { phrases: ['  Not   Known ', 'not known', 'Unknown'] },
    });
    expect(reply.body).toEqual({ count: 2 });
    expect(
      (await running.gateway.dataSource.query('SELECT phrase FROM prohibited_text ORDER BY phrase')).map(
        (r: { phrase: string }) => r.phrase,
      ),
    ).toEqual(['Not Known', 'Unknown']);
  });

  test("resetting the compatibility data set restores its users' passwords and lists, and keeps other accounts", async () => {
    const changed = await admin(running.baseUrl, 'PUT', '/self/password', {
      user: 'victor.vance',
      body: { newPassword: 'Victor-Other-2026' },
    });
    expect(changed.status).toBe(200);
    const reply = await admin(running.baseUrl, 'POST', '/compatibility-data/reset', OLGA);
    expect(reply.body).toMatchObject({ seeded: true, organisations: 4 });
    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('WSVRC001');
    expect(await count('prohibited_postcodes')).toBeGreaterThan(2);
    expect(await aoVerify(running.baseUrl, 'omar.obi', 'Omar-Obi-2026!')).toBe('WSVRC001');
    const audited = await running.gateway.dataSource.query(
      "SELECT username FROM audit_entries WHERE operation = 'ResetCompatibilityData'",
    );
    expect(audited).toEqual([{ username: 'olga.ortiz' }]);
  });
});
