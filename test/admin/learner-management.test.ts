import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { codeOf } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const ALICE = { user: 'alice.archer' };
const OWEN = { user: 'owen.oakley' };

describe.each(eachDatabase())('learner management, an organisation capability (guide 1.4), on %s', (_name, database) => {
  let running: RunningGateway;
  const holds = (ukprn: string) =>
    running.gateway.dataSource
      .query('SELECT id FROM organisations WHERE ukprn = ?', [ukprn])
      .then((rows: { id: number }[]) => running.gateway.learnerManagement.holds(Number(rows[0].id)));

  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('in the compatibility data set AO One and the school hold it, AO Two and the operator organisation do not', async () => {
    const listed = (await admin(running.baseUrl, 'GET', '/organisations', OLGA)).body.organisations as {
      ukprn: string;
      learnerManagement: boolean;
    }[];
    expect(Object.fromEntries(listed.map((o) => [o.ukprn, o.learnerManagement]))).toEqual({
      '10099900': false,
      '10099901': true,
      '10099902': false,
      '10099903': true,
    });
    expect([await holds('10099901'), await holds('10099902'), await holds('10099903')]).toEqual([true, false, true]);
  });

  test("a super user sees their own organisation's, and another organisation's is as absent as one that does not exist", async () => {
    const own = await admin(running.baseUrl, 'GET', '/organisations/10099902/learner-management', OWEN);
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      ukprn: '10099902',
      name: 'Compat Awarding Body Two',
      learnerManagement: false,
      reason: null,
      changedAt: null,
    });
    const other = await admin(running.baseUrl, 'GET', '/organisations/10099902/learner-management', ALICE);
    const missing = await admin(running.baseUrl, 'GET', '/organisations/19999999/learner-management', ALICE);
    expect([other.status, codeOf(other)]).toEqual([404, 'ORGANISATION_NOT_FOUND']);
    expect([missing.status, codeOf(missing)]).toEqual([404, 'ORGANISATION_NOT_FOUND']);
    const notSuper = await admin(running.baseUrl, 'GET', '/organisations/10099901/learner-management', { user: 'victor.vance' });
    expect([notSuper.status, codeOf(notSuper)]).toEqual([403, 'ROLE_REQUIRED']);
  });

  test('an operator grants it with the business need and revokes it with a reason; each change is audited and holds at once', async () => {
    const granted = await admin(running.baseUrl, 'POST', '/organisations/10099902/learner-management/grant', {
      ...OLGA,
      body: { reason: 'Dual role: also a training provider' },
    });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      ukprn: '10099902',
      learnerManagement: true,
      reason: 'Dual role: also a training provider',
    });
    expect(Date.parse(granted.body.changedAt as string)).not.toBeNaN();
    expect(await holds('10099902')).toBe(true);
    expect((await admin(running.baseUrl, 'GET', '/organisations/10099902/learner-management', OWEN)).body).toEqual(granted.body);

    const revoked = await admin(running.baseUrl, 'POST', '/organisations/10099902/learner-management/revoke', {
      ...OLGA,
      body: { reason: 'No longer needed' },
    });
    expect(revoked.body).toMatchObject({ learnerManagement: false, reason: 'No longer needed' });
    expect(await holds('10099902')).toBe(false);

    const audit = (await running.gateway.dataSource.query(
      "SELECT operation, username, subject FROM audit_entries WHERE operation LIKE '%LearnerManagement' ORDER BY id",
    )) as { operation: string; username: string; subject: string }[];
    expect(audit).toEqual([
      { operation: 'GrantLearnerManagement', username: 'olga.ortiz', subject: '10099902: Dual role: also a training provider' },
      { operation: 'RevokeLearnerManagement', username: 'olga.ortiz', subject: '10099902: No longer needed' },
    ]);
  });

  test.each([
    ['a grant to an organisation that holds it', 'grant', '10099901', { reason: 'again' }, 409, 'LEARNER_MANAGEMENT_UNCHANGED'],
    ['a revocation from one that lacks it', 'revoke', '10099902', { reason: 'again' }, 409, 'LEARNER_MANAGEMENT_UNCHANGED'],
    ['a grant to the operator organisation', 'grant', '10099900', { reason: 'ops' }, 400, 'ORGANISATION_INVALID'],
    ['a grant without a reason', 'grant', '10099902', {}, 400, 'REQUEST_INVALID'],
    ['a grant with a blank reason', 'grant', '10099902', { reason: '  ' }, 400, 'REQUEST_INVALID'],
    ['a grant to an organisation that does not exist', 'grant', '19999999', { reason: 'x' }, 404, 'ORGANISATION_NOT_FOUND'],
  ])('%s is refused and changes nothing', async (_what, verb, ukprn, body, status, code) => {
    const before = await running.gateway.dataSource.query(
      'SELECT ukprn, learner_management, learner_management_reason, version FROM organisations ORDER BY ukprn',
    );
    const reply = await admin(running.baseUrl, 'POST', `/organisations/${ukprn}/learner-management/${verb}`, { ...OLGA, body });
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect(
      await running.gateway.dataSource.query(
        'SELECT ukprn, learner_management, learner_management_reason, version FROM organisations ORDER BY ukprn',
      ),
    ).toEqual(before);
  });

  test('only an operator grants or revokes it: a super user cannot grant it to their own organisation', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/organisations/10099902/learner-management/grant', {
      ...OWEN,
      body: { reason: 'we need it' },
    });
    expect([reply.status, codeOf(reply)]).toEqual([403, 'ROLE_REQUIRED']);
    expect(await holds('10099902')).toBe(false);
  });

  test('a new LRB is set up with it, a new AO without', async () => {
    const lrb = await admin(running.baseUrl, 'POST', '/organisations', {
      ...OLGA,
      body: { ukprn: '10099931', name: 'New College', kind: 'LRB' },
    });
    const ao = await admin(running.baseUrl, 'POST', '/organisations', {
      ...OLGA,
      body: { ukprn: '10099932', name: 'New Awarding Body', kind: 'AO', recognitionNumber: 'RN9932' },
    });
    expect([lrb.status, lrb.body.learnerManagement, ao.status, ao.body.learnerManagement]).toEqual([201, true, 201, false]);
  });

  test('reloading the compatibility data set puts it back as the data set has it', async () => {
    await admin(running.baseUrl, 'POST', '/organisations/10099901/learner-management/revoke', {
      ...OLGA,
      body: { reason: 'test' },
    });
    await admin(running.baseUrl, 'POST', '/compatibility-data/reset', OLGA);
    expect([await holds('10099901'), await holds('10099902')]).toEqual([true, false]);
  });
});
