import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { SECRET_QUESTIONS } from '../../src/users/secret-question.rules';
import { USER_AGREEMENT_VERSION } from '../../src/users/user-agreement';
import { aoVerify, codeOf, completeFirstLogin, lrsVerify, movableClock, QUESTION } from './users-helpers';

const SU = { user: 'alice.archer' };
const JANE = {
  givenName: 'Jane',
  familyName: 'Doe',
  email: 'jane.doe@awarding-one.example',
  title: 'Dr',
  phoneLandline: '024 7600 0000',
  staffReference: 'EMP-0042',
  verificationProvided: 'staff ID card checked by A. Archer',
  roles: ['AWARDING_BODY_USER'],
};
const NEW_PASSWORD = 'Jane-Chosen-2026';

// One user's life, step after step, as the guide describes it (sections 2.3.1 and 3.5): each test builds on the last.
describe.each(eachDatabase())("a user's whole life over the admin API and SOAP, on %s", (_name, database) => {
  let running: RunningGateway;
  let base: string;
  const clock = movableClock();
  let oneTimePassword: string;
  let password = NEW_PASSWORD;
  const users = async () => Number((await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  beforeAll(async () => {
    running = await startGateway({ database, clock });
    base = running.baseUrl;
  });
  afterAll(() => running.stop());

  test('the super user searches first (guide 3.5.3), then creates the user and sees the one-time password once', async () => {
    const before = await admin(base, 'GET', '/users?givenName=jane&familyName=DOE', SU);
    expect(before.body).toMatchObject({ total: 0, users: [] });

    const created = await admin(base, 'POST', '/users', { ...SU, body: JANE });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      username: 'jane.doe',
      organisationUkprn: '10099901',
      title: 'Dr',
      roles: ['AWARDING_BODY_USER'],
      status: 'ACTIVE',
      passwordIsOneTime: true,
      agreementAcceptedAt: null,
      secretQuestionSet: false,
    });
    oneTimePassword = created.body.oneTimePassword as string;
    expect(oneTimePassword).toMatch(/^\S{16}$/);
    expect(JSON.stringify(created.body)).not.toMatch(/scrypt|hash|sealed/i);

    const found = await admin(base, 'GET', '/users?familyName=do', SU);
    expect((found.body.users as { username: string }[]).map((u) => u.username)).toEqual(['jane.doe']);
    const viewed = await admin(base, 'GET', '/users/jane.doe', SU);
    expect(viewed.body).not.toHaveProperty('oneTimePassword');
  });

  test('the same person is not created twice; a second Jane Doe gets jane.doe2', async () => {
    const count = await users();
    const again = await admin(base, 'POST', '/users', { ...SU, body: { ...JANE, email: 'JANE.DOE@awarding-one.example' } });
    expect([again.status, codeOf(again)]).toEqual([409, 'USER_ALREADY_EXISTS']);
    expect(await users()).toBe(count);
    const other = await admin(base, 'POST', '/users', { ...SU, body: { ...JANE, email: 'j.doe@awarding-one.example' } });
    expect(other.body.user).toMatchObject({ username: 'jane.doe2' });
  });

  test('at first use the one-time password only lets the user change it (guide 2.3.1)', async () => {
    expect(await aoVerify(base, 'jane.doe', oneTimePassword)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const agreement = await admin(base, 'GET', '/self/agreement', { user: 'jane.doe', password: oneTimePassword });
    expect(codeOf(agreement)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const self = await admin(base, 'GET', '/self', { user: 'jane.doe', password: oneTimePassword });
    expect(self.body.pending).toEqual(['PASSWORD_CHANGE', 'AGREEMENT', 'SECRET_QUESTION']);
  });

  test('a new password must meet guide 3.4, every broken rule named, and differ from the one-time password', async () => {
    const weak = await admin(base, 'PUT', '/self/password', {
      user: 'jane.doe',
      password: oneTimePassword,
      body: { newPassword: 'weak pass' },
    });
    expect([weak.status, codeOf(weak)]).toEqual([400, 'PASSWORD_POLICY']);
    expect(weak.body.error?.message).toBe(
      'The password must be at least 10 characters; must contain at least one non-alphabetic character (a number or special character); must contain at least one upper case letter; must not contain spaces',
    );
    const same = await admin(base, 'PUT', '/self/password', {
      user: 'jane.doe',
      password: oneTimePassword,
      body: { newPassword: oneTimePassword },
    });
    expect(codeOf(same)).toBe('PASSWORD_REUSED');
    const changed = await admin(base, 'PUT', '/self/password', {
      user: 'jane.doe',
      password: oneTimePassword,
      body: { newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect(await aoVerify(base, 'jane.doe', oneTimePassword)).toBe('AUTH_FAILED'); // the one-time password worked once
  });

  test('the user agreement comes next, then the secret question, before any other call (guide 2.2, 2.3.1)', async () => {
    const as = { user: 'jane.doe', password: NEW_PASSWORD };
    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('AUTH_AGREEMENT_REQUIRED');
    const early = await admin(base, 'PUT', '/self/secret-question', { ...as, body: { question: QUESTION, answer: 'Rex' } });
    expect(codeOf(early)).toBe('AUTH_AGREEMENT_REQUIRED');
    const text = await admin(base, 'GET', '/self/agreement', as);
    expect(text.body).toMatchObject({ version: USER_AGREEMENT_VERSION, acceptedVersion: null, acceptedAt: null });
    const stale = await admin(base, 'POST', '/self/agreement', { ...as, body: { version: '1999-01' } });
    expect([stale.status, codeOf(stale)]).toEqual([409, 'AGREEMENT_VERSION_MISMATCH']);
    const accepted = await admin(base, 'POST', '/self/agreement', { ...as, body: { version: USER_AGREEMENT_VERSION } });
    expect(accepted.body).toMatchObject({ acceptedVersion: USER_AGREEMENT_VERSION });
    const recorded = await running.gateway.dataSource.query(
      'SELECT a.agreement_version FROM agreement_acceptances a JOIN users u ON u.id = a.user_id WHERE u.username = ?',
      ['jane.doe'],
    );
    expect(recorded).toEqual([{ agreement_version: USER_AGREEMENT_VERSION }]);

    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('AUTH_SECRET_QUESTION_REQUIRED');
    const listed = await admin(base, 'GET', '/self/secret-question', as);
    expect(listed.body.questions).toContain(QUESTION);
    const unknown = await admin(base, 'PUT', '/self/secret-question', {
      ...as,
      body: { question: 'Favourite colour?', answer: 'Blue' },
    });
    expect(codeOf(unknown)).toBe('SECRET_QUESTION_UNKNOWN');
    const set = await admin(base, 'PUT', '/self/secret-question', { ...as, body: { question: QUESTION, answer: '  Rex ' } });
    expect(set.body).toMatchObject({ question: QUESTION });
    const [{ secret_answer_hash: stored }] = await running.gateway.dataSource.query(
      'SELECT secret_answer_hash FROM users WHERE username = ?',
      ['jane.doe'],
    );
    expect(stored).toMatch(/^scrypt\$/);

    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('WSVRC001');
    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD, true)).toBe('WSVRC001'); // PasswordDigest: the new password was sealed
    const self = await admin(base, 'GET', '/self', as);
    expect(self.body.pending).toEqual([]);
  });

  test('three wrong passwords, across the admin API and both SOAP services, suspend the account everywhere', async () => {
    expect(codeOf(await admin(base, 'GET', '/self', { user: 'jane.doe', password: 'Wrong-Password-1' }))).toBe('AUTH_FAILED');
    expect(await aoVerify(base, 'jane.doe', 'Wrong-Password-2')).toBe('AUTH_FAILED');
    // A wrong OrgPassword is the organisation's, never counted against the named user (docs/decisions/0047-organisation-password-failures.md).
    expect(await lrsVerify(base, 'jane.doe', 'NotTheOrgPasswd1')).toBe('WSEC0005');
    expect(await aoVerify(base, 'jane.doe', 'Wrong-Password-3')).toBe('AUTH_FAILED');
    // Suspended, the right password is answered as a wrong one everywhere (docs/decisions/0045-refusals-before-proof.md).
    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('AUTH_FAILED');
    expect(codeOf(await admin(base, 'GET', '/self', { user: 'jane.doe', password: NEW_PASSWORD }))).toBe('AUTH_FAILED');
    expect(await lrsVerify(base, 'jane.doe')).toBe('WSEC0005');
    const viewed = await admin(base, 'GET', '/users/jane.doe', SU);
    expect(viewed.body).toMatchObject({ status: 'SUSPENDED', suspension: 'WRONG_PASSWORDS', failedAttempts: 3 });
  });

  test("the super user verifies the user's identity by the secret answer, in any case (guide 3.5.6.2)", async () => {
    const question = await admin(base, 'GET', '/users/jane.doe/secret-question', SU);
    expect(question.body).toEqual({ username: 'jane.doe', question: QUESTION });
    const right = await admin(base, 'POST', '/users/jane.doe/identity-check', { ...SU, body: { answer: 'REX' } });
    expect(right.body).toEqual({ username: 'jane.doe', verified: true });
    const wrong = await admin(base, 'POST', '/users/jane.doe/identity-check', { ...SU, body: { answer: 'Fido' } });
    expect(wrong.body).toEqual({ username: 'jane.doe', verified: false });
  });

  test('reactivated, the account works again with the same password (guide 3.5.6.3)', async () => {
    const reactivated = await admin(base, 'POST', '/users/jane.doe/reactivate', SU);
    expect(reactivated.body).toMatchObject({ status: 'ACTIVE', suspension: null, failedAttempts: 0 });
    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('WSVRC001');
  });

  test('a password reset gives a new one-time password, shown once, that must be changed (guide 3.5.6.4)', async () => {
    const reset = await admin(base, 'POST', '/users/jane.doe/password-reset', SU);
    expect(reset.status).toBe(200);
    const fresh = reset.body.oneTimePassword as string;
    expect(await aoVerify(base, 'jane.doe', fresh)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    password = 'Jane-Second-2026';
    const changed = await admin(base, 'PUT', '/self/password', {
      user: 'jane.doe',
      password: fresh,
      body: { newPassword: password },
    });
    expect(changed.status).toBe(200);
    expect(await aoVerify(base, 'jane.doe', password)).toBe('WSVRC001'); // agreement and secret question are kept
    expect(await aoVerify(base, 'jane.doe', NEW_PASSWORD)).toBe('AUTH_FAILED');
    await admin(base, 'GET', '/self', { user: 'jane.doe', password }); // clears the count
  });

  test('a manual suspension stops the user until a super user reactivates them (guide 3.5.6.1)', async () => {
    const suspended = await admin(base, 'POST', '/users/jane.doe/suspend', SU);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', suspension: 'MANUAL' });
    expect(await aoVerify(base, 'jane.doe', password)).toBe('AUTH_FAILED');
    await admin(base, 'POST', '/users/jane.doe/reactivate', SU);
    expect(await aoVerify(base, 'jane.doe', password)).toBe('WSVRC001');
  });

  test('the user changes their secret question at any time, and the identity check follows (guide 2.3.1)', async () => {
    const as = { user: 'jane.doe', password };
    const changed = await admin(base, 'PUT', '/self/secret-question', {
      ...as,
      body: { question: SECRET_QUESTIONS[0], answer: 'Hilltop' },
    });
    expect(changed.body).toMatchObject({ question: SECRET_QUESTIONS[0] });
    const check = (answer: string) => admin(base, 'POST', '/users/jane.doe/identity-check', { ...SU, body: { answer } });
    expect((await check('HILLTOP')).body.verified).toBe(true);
    expect((await check('Rex')).body.verified).toBe(false);
    const weak = await admin(base, 'PUT', '/self/secret-question', {
      ...as,
      body: { question: SECRET_QUESTIONS[0], answer: ' x ' },
    });
    expect([weak.status, codeOf(weak)]).toEqual([400, 'SECRET_ANSWER_INVALID']);
  });

  test('the super user updates details and roles; the username never changes (guide 3.5.4)', async () => {
    const updated = await admin(base, 'PATCH', '/users/jane.doe', {
      ...SU,
      body: { familyName: 'Doe-Smith', phoneMobile: '07700 900123', title: null, roles: ['QCF_USER', 'AWARDING_BODY_USER'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      username: 'jane.doe',
      familyName: 'Doe-Smith',
      phoneMobile: '07700 900123',
      title: null,
      staffReference: 'EMP-0042',
      roles: ['AWARDING_BODY_USER', 'QCF_USER'],
    });
    const operator = await admin(base, 'PATCH', '/users/jane.doe', { ...SU, body: { roles: ['OPERATOR'] } });
    expect([operator.status, codeOf(operator)]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    const generic = await admin(base, 'PATCH', '/users/jane.doe', { ...SU, body: { givenName: 'Office' } });
    expect([generic.status, codeOf(generic)]).toEqual([400, 'GENERIC_ACCOUNT']);
    const unchanged = await admin(base, 'GET', '/users/jane.doe', SU);
    expect(unchanged.body).toMatchObject({ givenName: 'Jane', roles: ['AWARDING_BODY_USER', 'QCF_USER'] });
  });

  test('a deleted user is refused everywhere, never changes again, and their username is never reused (guide 3.5.5)', async () => {
    const deleted = await admin(base, 'DELETE', '/users/jane.doe', SU);
    expect(deleted.body).toMatchObject({ username: 'jane.doe', status: 'DELETED' });
    expect(deleted.body.deletedAt).not.toBeNull();

    expect(codeOf(await admin(base, 'GET', '/self', { user: 'jane.doe', password }))).toBe('AUTH_FAILED');
    expect(await aoVerify(base, 'jane.doe', password)).toBe('AUTH_FAILED');
    expect(await lrsVerify(base, 'jane.doe')).toBe('WSEC0005');
    const forgotten = await admin(base, 'POST', '/self/forgotten-password', { user: 'jane.doe', password: 'Rex' });
    expect(codeOf(forgotten)).toBe('AUTH_FAILED');

    for (const [method, path] of [
      ['PATCH', '/users/jane.doe'],
      ['POST', '/users/jane.doe/reactivate'],
      ['POST', '/users/jane.doe/password-reset'],
      ['DELETE', '/users/jane.doe'],
    ]) {
      const reply = await admin(base, method, path, { ...SU, body: method === 'PATCH' ? { familyName: 'Doe' } : undefined });
      expect([path, reply.status, codeOf(reply)]).toEqual([path, 409, 'USER_DELETED']);
    }
    const listed = await admin(base, 'GET', '/users?familyName=doe', SU);
    expect((listed.body.users as { username: string }[]).map((u) => u.username)).toEqual(['jane.doe2']);
    const deletedOnes = await admin(base, 'GET', '/users?status=DELETED', SU);
    expect((deletedOnes.body.users as { username: string }[]).map((u) => u.username)).toEqual(['jane.doe']);

    const again = await admin(base, 'POST', '/users', { ...SU, body: JANE }); // the person may come back: a new account
    expect(again.body.user).toMatchObject({ username: 'jane.doe3' });
  });

  test("the super user reads their users' activity, filtered by user, operation and dates, paged (guide 3.2)", async () => {
    const trail = await admin(base, 'GET', '/audit-trail?username=jane.doe&pageSize=200', SU);
    const operations = (trail.body.entries as { operation: string; outcome: string }[]).map((e) => `${e.operation}:${e.outcome}`);
    for (const expected of [
      'CreateUser:OK',
      'ChangePassword:OK',
      'AcceptAgreement:OK',
      'SetSecretQuestion:OK',
      'SuspendAccount:LOCKED_OUT',
      'VerifyIdentity:VERIFIED',
      'VerifyIdentity:NOT_VERIFIED',
      'ReactivateUser:OK',
      'ResetPassword:OK',
      'SuspendUser:OK',
      'UpdateUser:OK',
      'DeleteUser:OK',
    ]) {
      expect(operations).toContain(expected);
    }
    const entries = trail.body.entries as { username: string | null; subject: string | null }[];
    expect(entries.every((e) => e.username === 'jane.doe' || e.subject === 'jane.doe')).toBe(true); // not jane.doe2's
    const page = await admin(base, 'GET', '/audit-trail?operation=CreateUser&pageSize=2&page=1', SU);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page.body.entries).toHaveLength(2);
    const today = clock.now().toISOString().slice(0, 10);
    const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    expect((await admin(base, 'GET', `/audit-trail?from=${tomorrow}`, SU)).body.total).toBe(0);
    expect((await admin(base, 'GET', `/audit-trail?from=${today}&to=${today}&operation=DeleteUser`, SU)).body.total).toBe(1);
  });

  test('after 44 days the password has expired everywhere and must be changed (guide 2.3.1)', async () => {
    clock.advanceDays(44);
    expect(await aoVerify(base, 'victor.vance', 'Compat-Test-2026')).toBe('AUTH_PASSWORD_EXPIRED');
    const self = await admin(base, 'GET', '/self', { user: 'victor.vance' });
    expect(self.body.pending).toEqual(['PASSWORD_EXPIRED']);
    const changed = await admin(base, 'PUT', '/self/password', {
      user: 'victor.vance',
      body: { newPassword: 'Victor-Renewed-2026' },
    });
    expect(changed.status).toBe(200);
    expect(await aoVerify(base, 'victor.vance', 'Victor-Renewed-2026')).toBe('WSVRC001');
  });
});

describe('the compatibility users are ready to use: agreement accepted and secret question set', () => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway();
  });
  afterAll(() => running.stop());

  test('a seeded user has nothing pending', async () => {
    const self = await admin(running.baseUrl, 'GET', '/self', { user: 'morgan.mills' });
    expect(self.body.pending).toEqual([]);
    expect(self.body.user).toMatchObject({ agreementVersion: USER_AGREEMENT_VERSION, secretQuestionSet: true });
  });

  test('a new user completes the first login in three calls', async () => {
    const created = await admin(running.baseUrl, 'POST', '/users', {
      user: 'leo.lyons',
      body: { givenName: 'Lucy', familyName: 'Lane', email: 'lucy.lane@school.example', roles: ['LRB_USER'] },
    });
    await completeFirstLogin(running.baseUrl, 'lucy.lane', created.body.oneTimePassword as string, 'Lucy-Lane-2026!');
    const self = await admin(running.baseUrl, 'GET', '/self', { user: 'lucy.lane', password: 'Lucy-Lane-2026!' });
    expect(self.body.pending).toEqual([]);
  });
});
