import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { codeIn, externalCall, externalDetailCode, gatewayUnderAttack, lrsCall } from '../support/auth-attacks';
import { firstText, type SoapReply } from '../support/soap-messages';
import { COMPATIBILITY_SECRET_ANSWER } from '../../src/compatibility/compatibility-organisations';
import { sqlDateTime } from '../../src/platform/data-source';

type Pending = 'one-time password' | 'expired password' | 'agreement not accepted';

/** The account-state columns that put morgan.mills (every AO role) in each state, and back. */
const STATES: Record<Pending, { set: string; code: string; explanation: RegExp }> = {
  'one-time password': {
    set: 'password_is_one_time = 1',
    code: 'AUTH_PASSWORD_CHANGE_REQUIRED',
    explanation: /one-time password must be changed/,
  },
  'expired password': {
    set: `password_changed_at = '${sqlDateTime(new Date(Date.now() - 60 * 86_400_000))}'`,
    code: 'AUTH_PASSWORD_EXPIRED',
    explanation: /password has expired/,
  },
  'agreement not accepted': {
    set: 'agreement_accepted_at = NULL',
    code: 'AUTH_AGREEMENT_REQUIRED',
    explanation: /user agreement must be accepted/,
  },
};

/**
 * The LRS-compatible services apply the same account-state rules as every other surface
 * (src/platform/auth/account-state.ts), answering with the contract's WSEC0006; and the
 * accounts themselves: no generic account through look-alike letters, and answers that carry
 * a one-time password are never cached.
 */
describe.each(eachDatabase())('account-state attacks on %s', (_name, database) => {
  const attack = gatewayUnderAttack(database);
  const snapshot = attack.snapshot;
  let usable: Record<string, unknown>;

  beforeAll(async () => {
    [usable] = await attack.running.gateway.dataSource.query(
      "SELECT password_is_one_time, password_changed_at, agreement_accepted_at FROM users WHERE username = 'morgan.mills'",
    );
  });

  /** morgan.mills in the state for the call, back to usable after it. */
  async function inState(state: Pending, call: () => Promise<SoapReply>): Promise<SoapReply> {
    await attack.running.gateway.dataSource.query(`UPDATE users SET ${STATES[state].set} WHERE username = 'morgan.mills'`);
    try {
      const before = await snapshot();
      const reply = await call();
      expect(await snapshot()).toEqual(before);
      return reply;
    } finally {
      await attack.running.gateway.dataSource.query(
        'UPDATE users SET password_is_one_time = ?, password_changed_at = ?, agreement_accepted_at = ? WHERE username = ?',
        [usable.password_is_one_time, usable.password_changed_at, usable.agreement_accepted_at, 'morgan.mills'],
      );
    }
  }

  const learnerServiceRefuses = async (state: Pending) => {
    const reply = await inState(state, () => lrsCall(attack.running, 'morgan.mills'));
    expect([reply.status, codeIn(reply)]).toEqual([500, 'WSEC0006']);
    expect(firstText(reply.body, 'FurtherDetails')).toMatch(STATES[state].explanation);
    expect(codeIn(await lrsCall(attack.running, 'morgan.mills'))).toBe('WSVRC001'); // usable again, it verifies
    await attack.stillServing();
  };

  const externalServiceRefuses = async (state: Pending) => {
    const reply = await inState(state, () => externalCall(attack.running, 'morgan.mills'));
    expect([reply.status, codeIn(reply), externalDetailCode(reply)]).toEqual([500, 'WSEC0006', STATES[state].code]);
    expect(codeIn(await externalCall(attack.running, 'morgan.mills'))).toBe('WSRC0018'); // let in again: no such job
    await attack.stillServing();
  };

  it('[RT-ACCOUNT-01] a user whose one-time password is pending cannot verify learners through /LearnerService.svc (WSEC0006)', () =>
    learnerServiceRefuses('one-time password'));

  it('[RT-ACCOUNT-02] a user whose one-time password is pending cannot use ExternalService.svc (WSEC0006)', () =>
    externalServiceRefuses('one-time password'));

  it('[RT-ACCOUNT-03] a user whose password has expired cannot verify learners through /LearnerService.svc (WSEC0006)', () =>
    learnerServiceRefuses('expired password'));

  it('[RT-ACCOUNT-04] a user whose password has expired cannot use ExternalService.svc (WSEC0006)', () =>
    externalServiceRefuses('expired password'));

  it('[RT-ACCOUNT-05] a user who has not accepted the user agreement cannot verify learners through /LearnerService.svc (WSEC0006)', () =>
    learnerServiceRefuses('agreement not accepted'));

  it('[RT-ACCOUNT-06] a user who has not accepted the user agreement cannot use ExternalService.svc (WSEC0006)', () =>
    externalServiceRefuses('agreement not accepted'));

  it('[RT-ACCOUNT-07] a generic account spelt with look-alike letters (Admın, Ѕupport, Guеst) is refused as GENERIC_ACCOUNT', async () => {
    const before = await snapshot();
    for (const [givenName, familyName] of [
      ['Admın', 'Person'],
      ['Ѕupport', 'Desk'],
      ['Guеst', 'Smith'],
      ['Jane', 'ſtaff'],
    ]) {
      const reply = await admin(attack.running.baseUrl, 'POST', '/users', {
        user: 'alice.archer',
        body: { givenName, familyName, email: 'shared@awarding-one.example', roles: ['AWARDING_BODY_USER'] },
      });
      expect([reply.status, reply.body.error?.code]).toEqual([400, 'GENERIC_ACCOUNT']);
    }
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-ACCOUNT-08] no answer that carries a one-time password may be cached: create, reset, first super user, forgotten password', async () => {
    const created = await admin(attack.running.baseUrl, 'POST', '/users', {
      user: 'alice.archer',
      body: { givenName: 'Ursula', familyName: 'Underwood', email: 'ursula@awarding-one.example', roles: ['QCF_USER'] },
    });
    const reset = await admin(attack.running.baseUrl, 'POST', '/users/ursula.underwood/password-reset', { user: 'alice.archer' });
    const superUser = await admin(attack.running.baseUrl, 'POST', '/organisations/10099902/super-users', {
      user: 'olga.ortiz',
      body: { givenName: 'Sara', familyName: 'Sutton', email: 'sara@awarding-two.example' },
    });
    const forgotten = await admin(attack.running.baseUrl, 'POST', '/self/forgotten-password', {
      user: 'quentin.quinn',
      password: COMPATIBILITY_SECRET_ANSWER,
    });
    const refused = await admin(attack.running.baseUrl, 'POST', '/users/ursula.underwood/password-reset', {
      user: 'alice.archer',
      password: 'Wrong-Password-1',
    });
    expect([created.status, reset.status, superUser.status, forgotten.status, refused.status]).toEqual([201, 200, 201, 202, 401]);
    expect(typeof created.body.oneTimePassword).toBe('string');
    expect(typeof reset.body.oneTimePassword).toBe('string');
    expect(typeof superUser.body.oneTimePassword).toBe('string');
    for (const reply of [created, reset, superUser, forgotten, refused]) {
      expect(reply.headers.get('cache-control')).toBe('no-store');
    }
    expect(codeIn(await lrsCall(attack.running, 'victor.vance'))).toBe('WSVRC001');
    await attack.stillServing();
  });
});
