import { KNOWN_LEARNERS } from '../../src/compatibility/known-learners';
import { LearnerStore } from '../../src/learners/learner.store';
import { ReferenceListStore } from '../../src/learners/reference-list.store';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type GatewayProcess, spawnGateway } from '../support/gateway-process';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoVerifyLearner,
  envelope,
  firstText,
  type LearnerInput,
  lrsVerifyLearner,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';

/**
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md: process A (a real
 * `npm start` process, its caches on) is warmed; process B, on the same database, with no
 * account or learner cache, makes a change; A's very next call answers as B, the process
 * without the cache, does.
 */
const PASSWORD = 'Compat-Test-2026';
const SAMPLE: LearnerInput = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const JIM: LearnerInput = { uln: '2000000087', givenName: 'Jim', familyName: 'Smith' };
const OLGA = { user: 'olga.ortiz' };

async function aoCall(baseUrl: string, username: string, password = PASSWORD, learner = SAMPLE): Promise<string | undefined> {
  const reply = await postSoap(`${baseUrl}/soap/ao`, envelope(aoVerifyLearner(learner), passwordTextHeader(username, password)));
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code');
}

async function lrsCall(baseUrl: string, userName: string, organisation: { ukprn: string; orgPassword: string }) {
  const reply = await postSoap(
    `${baseUrl}/LearnerService.svc`,
    envelope(lrsVerifyLearner(SAMPLE, { userName, ...organisation })),
    {
      SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"',
    },
  );
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'ErrorCode');
}

const AO_ONE = { ukprn: '10099901', orgPassword: 'AO1WebService#01' };
const AO_TWO = { ukprn: '10099902', orgPassword: 'AO2WebService#02' };

describe.each(eachDatabase({ sqliteFile: true }))('two gateway processes on one %s database', (_name, database) => {
  let b: RunningGateway;
  let a: GatewayProcess;
  let aUrl: string;
  beforeAll(async () => {
    b = await startGateway({
      database,
      env: { BATCH_WORKER_IN_PROCESS: 'false', ACCOUNT_CACHE_SIZE: '0', LEARNER_CACHE_SIZE: '0' },
    });
    a = await spawnGateway({ DATABASE_URL: b.databaseUrl, SEED_ON_START: 'false', BATCH_WORKER_IN_PROCESS: 'false' });
    aUrl = `http://127.0.0.1:${a.port}`;
  }, 120_000);
  afterAll(async () => {
    a?.cleanup();
    await b?.stop();
  });

  /** A was warmed with `before`; after the change, A answers as B does, which is not what it answered before. */
  async function expectSeenAtOnce(call: (baseUrl: string) => Promise<string | undefined>, before: string, after: string) {
    expect(await call(aUrl)).toBe(after);
    expect(await call(b.baseUrl)).toBe(after);
    expect(after).not.toBe(before);
  }

  async function warm(call: (baseUrl: string) => Promise<string | undefined>, expected: string) {
    for (let i = 0; i < 2; i++) expect(await call(aUrl)).toBe(expected);
  }

  test('a learner changed through B is verified through A with the new details', async () => {
    const call = (url: string) => aoCall(url, 'victor.vance');
    await warm(call, 'WSVRC001');
    const sample = KNOWN_LEARNERS.find((l) => l.uln === SAMPLE.uln);
    if (!sample) throw new Error('the sample learner is not in the compatibility data set');
    await b.gateway.db.transaction(() => new LearnerStore(b.gateway.db).upsert([{ ...sample, familyName: 'Renamed' }]));
    await expectSeenAtOnce(call, 'WSVRC001', 'WSVRC005');
    await b.gateway.db.transaction(() => new LearnerStore(b.gateway.db).upsert([sample]));
    expect(await call(aUrl)).toBe('WSVRC001');
  });

  test('the given-name synonyms replaced through B are used by A', async () => {
    const call = (url: string) => aoCall(url, 'victor.vance', PASSWORD, JIM);
    await warm(call, 'WSVRC003');
    const [{ synonyms }] = await b.gateway.dataSource.query('SELECT COUNT(*) AS synonyms FROM given_name_synonyms');
    expect(Number(synonyms)).toBeGreaterThan(0);
    await b.gateway.db.transaction(() => new ReferenceListStore(b.gateway.db).replaceSynonyms([]));
    await expectSeenAtOnce(call, 'WSVRC003', 'WSVRC005');
  });

  test('a user suspended through B is refused by A on both SOAP services', async () => {
    const ao = (url: string) => aoCall(url, 'victor.vance');
    const lrs = (url: string) => lrsCall(url, 'victor.vance', AO_ONE);
    await warm(ao, 'WSVRC001');
    await warm(lrs, 'WSVRC001');
    expect((await admin(b.baseUrl, 'POST', '/users/victor.vance/suspend', { user: 'alice.archer' })).status).toBe(200);
    await expectSeenAtOnce(ao, 'WSVRC001', 'AUTH_FAILED');
    await expectSeenAtOnce(lrs, 'WSVRC001', 'WSEC0005');
  });

  test('a user deleted through B is refused by A', async () => {
    const call = (url: string) => aoCall(url, 'barbara.bates');
    await warm(call, 'ROLE_REQUIRED');
    expect((await admin(b.baseUrl, 'DELETE', '/users/barbara.bates', { user: 'alice.archer' })).status).toBe(200);
    await expectSeenAtOnce(call, 'ROLE_REQUIRED', 'AUTH_FAILED');
  });

  test('a password reset through B refuses the old password on A and asks for the one-time one to be changed', async () => {
    await warm((url) => aoCall(url, 'rita.reeves'), 'ROLE_REQUIRED');
    const reset = await admin(b.baseUrl, 'POST', '/users/rita.reeves/password-reset', { user: 'alice.archer' });
    const oneTime = String(reset.body.oneTimePassword);
    await expectSeenAtOnce((url) => aoCall(url, 'rita.reeves'), 'ROLE_REQUIRED', 'AUTH_FAILED');
    expect(await aoCall(aUrl, 'rita.reeves', oneTime)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  test("a user's own password change through B: A refuses the old one and takes the new one", async () => {
    await warm((url) => aoCall(url, 'nadia.novak'), 'WSVRC001');
    const changed = await admin(b.baseUrl, 'PUT', '/self/password', {
      user: 'nadia.novak',
      body: { newPassword: 'Nadia-Renewed-2026' },
    });
    expect(changed.status).toBe(200);
    await expectSeenAtOnce((url) => aoCall(url, 'nadia.novak'), 'WSVRC001', 'AUTH_FAILED');
    expect(await aoCall(aUrl, 'nadia.novak', 'Nadia-Renewed-2026')).toBe('WSVRC001');
  });

  test("an organisation's web-services password changed through B is refused by A", async () => {
    const call = (url: string) => lrsCall(url, 'nadia.novak', AO_TWO);
    await warm(call, 'WSVRC001');
    const set = await admin(b.baseUrl, 'PUT', '/organisations/10099902/ws-password', {
      ...OLGA,
      body: { password: 'NewAOWebSvc#2026' },
    });
    expect(set.status).toBe(200);
    await expectSeenAtOnce(call, 'WSVRC001', 'WSEC0005');
    expect(await lrsCall(aUrl, 'nadia.novak', { ukprn: '10099902', orgPassword: 'NewAOWebSvc#2026' })).toBe('WSVRC001');
  });

  test('roles changed through B are used by A', async () => {
    await warm((url) => aoCall(url, 'morgan.mills'), 'WSVRC001');
    const patched = await admin(b.baseUrl, 'PATCH', '/users/morgan.mills', {
      user: 'alice.archer',
      body: { roles: ['QCF_USER'] },
    });
    expect(patched.status).toBe(200);
    await expectSeenAtOnce((url) => aoCall(url, 'morgan.mills'), 'WSVRC001', 'ROLE_REQUIRED');
  });

  test('wrong passwords given to B lock the account out on A', async () => {
    await warm((url) => aoCall(url, 'quentin.quinn'), 'ROLE_REQUIRED');
    for (let i = 0; i < 3; i++) expect(await aoCall(b.baseUrl, 'quentin.quinn', 'Not-The-Password-1')).toBe('AUTH_FAILED');
    await expectSeenAtOnce((url) => aoCall(url, 'quentin.quinn'), 'ROLE_REQUIRED', 'AUTH_FAILED');
  });

  test('an organisation suspended through B is refused by A', async () => {
    await warm((url) => aoCall(url, 'lena.lowe'), 'ROLE_REQUIRED');
    const suspended = await admin(b.baseUrl, 'POST', '/organisations/10099903/suspend', {
      ...OLGA,
      body: { reason: 'Under review' },
    });
    expect(suspended.status).toBe(200);
    await expectSeenAtOnce((url) => aoCall(url, 'lena.lowe'), 'ROLE_REQUIRED', 'ORGANISATION_SUSPENDED');
  });
});
