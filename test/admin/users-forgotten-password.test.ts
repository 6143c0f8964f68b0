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

    // guide 1.3: the username and its password never travel in one message.
    const mails = await outbox();
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail).toMatchObject({ recipient: EMAIL, kind: 'forgotten-password' });
    const [withPassword, ...others] = mails.filter((m) => /One-time password: /.test(m.body_text));
    expect(others).toEqual([]);
    const oneTime = /One-time password: (\S+)/.exec(withPassword.body_text)?.[1] as string;
    expect(oneTime).toHaveLength(16);
    expect(withPassword.body_text).not.toContain('fay.fisher');
    const withUsername = mails.filter((m) => m.body_text.includes('fay.fisher'));
    expect(withUsername).toHaveLength(1);
    expect(withUsername[0].body_text).not.toContain(oneTime);

    expect(await running.gateway.mailDelivery.deliverDue()).toBeGreaterThanOrEqual(2);
    const delivered = smtp.received.filter((m) => m.raw.includes('one-time password'));
    expect(delivered.map((m) => m.to)).toEqual([[EMAIL], [EMAIL]]);
    // The address itself may read like the username; what the messages say never pairs the two.
    const said = delivered.map((m) =>
      m.raw
        .slice(m.raw.indexOf('\r\n\r\n') + 4)
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
    expect(said.filter((text) => text.includes(oneTime) || text.includes('fay.fisher'))).toHaveLength(2);
    expect(said.filter((text) => text.includes(oneTime) && text.includes('fay.fisher'))).toEqual([]);

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
    // guide 3.5.6.3: only a super user lifts a suspension; the right answer no longer sends a password,
    // and is answered as a wrong one (docs/decisions/0045-refusals-before-proof.md)
    const before = (await outbox()).length;
    expect(codeOf(await forgotten('gil.grant', ANSWER))).toBe('AUTH_FAILED');
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
