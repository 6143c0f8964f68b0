import { eachDatabase } from '../support/databases';
import { admin, type JsonReply } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { SmtpSink } from '../support/smtp-sink';
import { aoVerify, codeOf, completeFirstLogin } from './users-helpers';

const EMAIL = 'fay.fisher@awarding-one.example';
const PASSWORD = 'Fay-Fisher-2026';
const ANSWER = 'Rex';

interface OutboxRow {
  recipient: string;
  kind: string;
  body_text: string;
}

const comparable = (reply: JsonReply) => ({
  status: reply.status,
  body: { ...reply.body, error: { ...reply.body.error, correlationId: undefined } },
  challenge: reply.headers.get('www-authenticate'),
});

// guide 2.3 "I have forgotten my password" and 3.5.6: the secret answer stands in for the
// password (HTTP Basic), and a one-time password is emailed through the outbox.
describe.each(eachDatabase())('the forgotten password, on %s', (_name, database) => {
  let running: RunningGateway;
  const smtp = new SmtpSink();
  const forgotten = (username: string, answer: string) =>
    admin(running.baseUrl, 'POST', '/self/forgotten-password', { user: username, password: answer });
  const outbox = (): Promise<OutboxRow[]> =>
    running.gateway.dataSource.query(
      "SELECT recipient, kind, body_text FROM outbox_messages WHERE kind = 'forgotten-password' ORDER BY id",
    );

  beforeAll(async () => {
    await smtp.start();
    running = await startGateway({ database, env: { SMTP_URL: smtp.url, MAIL_DELIVERY_INTERVAL_MS: '3600000' } });
    for (const [givenName, familyName, email] of [
      ['Fay', 'Fisher', EMAIL],
      ['Gil', 'Grant', 'gil.grant@awarding-one.example'],
    ]) {
      const created = await admin(running.baseUrl, 'POST', '/users', {
        user: 'alice.archer',
        body: { givenName, familyName, email, roles: ['AWARDING_BODY_USER'] },
      });
      const username = (created.body.user as { username: string }).username;
      await completeFirstLogin(running.baseUrl, username, created.body.oneTimePassword as string, PASSWORD, ANSWER);
    }
  });
  afterAll(async () => {
    await running.stop();
    await smtp.stop();
  });

  test('the right answer, in any case, sends a one-time password to the address held, and it works once', async () => {
    const reply = await forgotten('fay.fisher', '  rEx ');
    expect(reply.status).toBe(202);
    expect(JSON.stringify(reply.body)).not.toMatch(/[A-Za-z0-9#%+=?@-]{16}/); // the password is never in the answer

    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: EMAIL, kind: 'forgotten-password' });
    const oneTime = /One-time password: (\S+)/.exec(mails[0].body_text)?.[1] as string;
    expect(oneTime).toHaveLength(16);

    expect(await running.gateway.mailDelivery.deliverDue()).toBeGreaterThanOrEqual(1);
    const delivered = smtp.received.filter((m) => m.raw.includes('one-time password'));
    expect(delivered.map((m) => m.to)).toEqual([[EMAIL]]);

    expect(await aoVerify(running.baseUrl, 'fay.fisher', PASSWORD)).toBe('AUTH_FAILED'); // replaced
    expect(await aoVerify(running.baseUrl, 'fay.fisher', oneTime)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const changed = await admin(running.baseUrl, 'PUT', '/self/password', {
      user: 'fay.fisher',
      password: oneTime,
      body: { newPassword: 'Fay-Renewed-2026' },
    });
    expect(changed.status).toBe(200);
    expect(codeOf(await admin(running.baseUrl, 'GET', '/self', { user: 'fay.fisher', password: oneTime }))).toBe('AUTH_FAILED');
    expect(await aoVerify(running.baseUrl, 'fay.fisher', 'Fay-Renewed-2026')).toBe('WSVRC001');
  });

  test('an unknown username gets exactly the answer a wrong answer gets, and no mail is written', async () => {
    const before = (await outbox()).length;
    const unknown = await forgotten('no.such.person', ANSWER);
    const wrong = await forgotten('gil.grant', 'Fido');
    expect(comparable(unknown)).toEqual(comparable(wrong));
    expect(unknown.status).toBe(401);
    expect(codeOf(unknown)).toBe('AUTH_FAILED');
    expect((await outbox()).length).toBe(before);
  });

  test('wrong answers count with wrong passwords and suspend the account at the threshold', async () => {
    await admin(running.baseUrl, 'GET', '/self', { user: 'gil.grant', password: PASSWORD }); // clears the count
    expect(codeOf(await forgotten('gil.grant', 'Fido'))).toBe('AUTH_FAILED');
    expect(await aoVerify(running.baseUrl, 'gil.grant', 'Wrong-Password-1')).toBe('AUTH_FAILED');
    expect(codeOf(await forgotten('gil.grant', 'Spot'))).toBe('AUTH_FAILED');
    const [row] = await running.gateway.dataSource.query('SELECT status, failed_attempts FROM users WHERE username = ?', [
      'gil.grant',
    ]);
    expect({ status: row.status, failed: Number(row.failed_attempts) }).toEqual({ status: 'SUSPENDED', failed: 3 });
    // guide 3.5.6.3: only a super user lifts a suspension; the right answer no longer sends a password
    const before = (await outbox()).length;
    expect(codeOf(await forgotten('gil.grant', ANSWER))).toBe('AUTH_ACCOUNT_SUSPENDED');
    expect((await outbox()).length).toBe(before);
  });

  test('a user who never set a secret question cannot use it', async () => {
    const created = await admin(running.baseUrl, 'POST', '/users', {
      user: 'alice.archer',
      body: { givenName: 'Hal', familyName: 'Hurst', email: 'hal@ao.example', roles: ['QCF_USER'] },
    });
    expect(created.status).toBe(201);
    expect(codeOf(await forgotten('hal.hurst', ''))).toBe('AUTH_FAILED');
  });
});
