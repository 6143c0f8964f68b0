import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { fixedClock } from '../../src/platform/clock';
import { codeOf } from '../support/domain-codes';
import { eachDatabase } from '../support/databases';
import { gatewayProcessAuthenticator, seedTestData, testHasher } from '../support/seeded';

const PASSWORD = 'Compat-Test-2026';

function digestOf(password: string, nonce = randomBytes(16), created = new Date().toISOString()) {
  const digest = createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)]))
    .digest('base64');
  return { kind: 'digest' as const, digest, nonce: nonce.toString('base64'), created };
}

describe.each(eachDatabase())('authentication on %s', (_name, database) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
  });
  afterAll(() => database.drop());

  const text = (password: string) => ({ kind: 'password' as const, password });
  const userStatus = async (username: string) =>
    (await dataSource.query('SELECT status, failed_attempts FROM users WHERE username = ?', [username]))[0];

  test('three wrong passwords across two gateway processes suspend the account (guide 3.5.6.3)', async () => {
    const processA = gatewayProcessAuthenticator(dataSource);
    const processB = gatewayProcessAuthenticator(dataSource);
    expect(await codeOf(processA.authenticateUser('barbara.bates', text('wrong-1')))).toBe('AUTH_FAILED');
    expect(await codeOf(processB.authenticateUser('barbara.bates', text('wrong-2')))).toBe('AUTH_FAILED');
    expect(await codeOf(processA.authenticateUser('barbara.bates', text('wrong-3')))).toBe('AUTH_FAILED');
    expect(await userStatus('barbara.bates')).toMatchObject({ status: 'SUSPENDED', failed_attempts: 3 });
    // The right password is answered as a wrong one: a locked account confirms nothing (docs/decisions/0045-refusals-before-proof.md).
    expect(await codeOf(processB.authenticateUser('barbara.bates', text(PASSWORD)))).toBe('AUTH_FAILED');
  });

  test('concurrent wrong passwords are all counted', async () => {
    const processes = [
      gatewayProcessAuthenticator(dataSource, undefined, 10),
      gatewayProcessAuthenticator(dataSource, undefined, 10),
    ];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => codeOf(processes[i % 2].authenticateUser('quentin.quinn', text(`wrong-${i}`)))),
    );
    expect(await userStatus('quentin.quinn')).toMatchObject({ status: 'ACTIVE', failed_attempts: 8 });
    await processes[0].authenticateUser('quentin.quinn', text(PASSWORD));
    expect((await userStatus('quentin.quinn')).failed_attempts).toBe(0);
  });

  test('a cached password stops working at once after a password change, a suspension or a deletion, on every process', async () => {
    const processA = gatewayProcessAuthenticator(dataSource);
    expect(await codeOf(processA.authenticateUser('rita.reeves', text(PASSWORD)))).toBe('OK'); // now cached in A
    await dataSource.query('UPDATE users SET password_hash = ? WHERE username = ?', [
      await testHasher.hash('New-Password-2026'),
      'rita.reeves',
    ]);
    expect(await codeOf(processA.authenticateUser('rita.reeves', text(PASSWORD)))).toBe('AUTH_FAILED');
    expect(await codeOf(processA.authenticateUser('rita.reeves', text('New-Password-2026')))).toBe('OK');
    await dataSource.query("UPDATE users SET status = 'SUSPENDED' WHERE username = 'rita.reeves'");
    expect(await codeOf(processA.authenticateUser('rita.reeves', text('New-Password-2026')))).toBe('AUTH_FAILED');
    await dataSource.query("UPDATE users SET status = 'DELETED' WHERE username = 'rita.reeves'");
    expect(await codeOf(processA.authenticateUser('rita.reeves', text('New-Password-2026')))).toBe('AUTH_FAILED');
  });

  test('an unknown user and a wrong password get the same answer', async () => {
    const auth = gatewayProcessAuthenticator(dataSource);
    expect(await codeOf(auth.authenticateUser('nobody.here', text(PASSWORD)))).toBe('AUTH_FAILED');
  });

  test('PasswordDigest: right digest accepted, nonce replay refused on another process, stale Created refused', async () => {
    const processA = gatewayProcessAuthenticator(dataSource);
    const processB = gatewayProcessAuthenticator(dataSource);
    const token = digestOf(PASSWORD);
    expect(await codeOf(processA.authenticateUser('victor.vance', token))).toBe('OK');
    expect(await codeOf(processB.authenticateUser('victor.vance', token))).toBe('AUTH_NONCE_REPLAYED');
    const stale = digestOf(PASSWORD, randomBytes(16), new Date(Date.now() - 3600_000).toISOString());
    expect(await codeOf(processA.authenticateUser('victor.vance', stale))).toBe('AUTH_TOKEN_EXPIRED');
    expect(await codeOf(processA.authenticateUser('victor.vance', digestOf('not-the-password')))).toBe('AUTH_FAILED');
    await processA.authenticateUser('victor.vance', text(PASSWORD)); // clears the count
  });

  test('an expired password, a one-time password and a pending agreement each stop the call', async () => {
    const in45days = fixedClock(new Date(Date.now() + 45 * 86_400_000).toISOString());
    expect(await codeOf(gatewayProcessAuthenticator(dataSource, in45days).authenticateUser('morgan.mills', text(PASSWORD)))).toBe(
      'AUTH_PASSWORD_EXPIRED',
    );
    await dataSource.query('UPDATE users SET password_is_one_time = ? WHERE username = ?', [true, 'nadia.novak']);
    const auth = gatewayProcessAuthenticator(dataSource);
    expect(await codeOf(auth.authenticateUser('nadia.novak', text(PASSWORD)))).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect(await codeOf(auth.authenticateUser('nadia.novak', text(PASSWORD), { allowPasswordChange: true }))).toBe('OK');
    await dataSource.query('UPDATE users SET password_is_one_time = ?, agreement_accepted_at = NULL WHERE username = ?', [
      false,
      'nadia.novak',
    ]);
    expect(await codeOf(auth.authenticateUser('nadia.novak', text(PASSWORD)))).toBe('AUTH_AGREEMENT_REQUIRED');
  });

  test("a proven password restarts the wrong-password count even when the account's state then refuses the call", async () => {
    await dataSource.query('UPDATE users SET failed_attempts = 2, password_is_one_time = ? WHERE username = ?', [
      true,
      'leo.lyons',
    ]);
    const auth = gatewayProcessAuthenticator(dataSource);
    expect(await codeOf(auth.authenticateUser('leo.lyons', text(PASSWORD)))).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect(await userStatus('leo.lyons')).toMatchObject({ status: 'ACTIVE', failed_attempts: 0 });
  });

  test('the LRS-compatible login: organisation, web-services password and a member user', async () => {
    const auth = gatewayProcessAuthenticator(dataSource);
    const login = { ukprn: '10099901', orgPassword: 'AO1WebService#01', userName: 'victor.vance', address: '127.0.0.1' };
    expect(await codeOf(auth.authenticateOrganisationUser(login))).toBe('OK');
    expect(await codeOf(auth.authenticateOrganisationUser({ ...login, ukprn: undefined, organisationRef: 'AOB001' }))).toBe('OK');
    expect(await codeOf(auth.authenticateOrganisationUser({ ...login, ukprn: '19999999' }))).toBe('ORGANISATION_UNKNOWN');
    expect(await codeOf(auth.authenticateOrganisationUser({ ...login, orgPassword: 'AO2WebService#02' }))).toBe('AUTH_FAILED');
    expect(await codeOf(auth.authenticateOrganisationUser({ ...login, userName: 'nadia.novak' }))).toBe('AUTH_FAILED');
    expect(await codeOf(auth.authenticateOrganisationUser({ ...login, userName: 'simon.stone' }))).toBe('AUTH_FAILED');
    // A wrong OrgPassword is the organisation's, not the named user's (docs/decisions/0047-organisation-password-failures.md).
    expect((await userStatus('victor.vance')).failed_attempts).toBe(0);
  });
});
