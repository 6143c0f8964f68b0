import { eachDatabase } from '../support/databases';
import { admin, type JsonReply } from '../support/admin-client';
import {
  gatewayUnderAttack,
  aoBasicCall,
  aoCall,
  asSeen,
  codeIn,
  COMPAT_PASSWORD,
  externalCall,
  externalDetailCode,
  lrsCall,
  WRONG_ORG_PASSWORD,
} from '../support/auth-attacks';
import { passwordDigestHeader, passwordTextHeader } from '../support/soap-messages';
import { COMPATIBILITY_SECRET_ANSWER } from '../../src/compatibility/compatibility-organisations';

const ORG_PASSWORD_BUDGET = 5;

/** A JSON refusal as an attacker sees it, less its correlation id. */
const seenJson = (reply: JsonReply) => ({
  status: reply.status,
  body: { ...reply.body, error: { ...reply.body.error, correlationId: undefined } },
  challenge: reply.headers.get('www-authenticate'),
});

/**
 * A suspended or locked account must answer the same whatever password is sent, or guessing
 * goes on against it; and a wrong organisation password must not lock out the user it names.
 * simon.stone is suspended in the compatibility data set; barbara.bates is locked here.
 */
describe.each(eachDatabase())('lockout attacks on %s', (_name, database) => {
  const attack = gatewayUnderAttack(database, { ORG_PASSWORD_FAILURES_PER_ADDRESS: String(ORG_PASSWORD_BUDGET) });
  const users = async () => ((await attack.snapshot()) as { users: unknown[] }).users;

  it('[RT-LOCKOUT-01] locked by three wrong passwords, the AO gateway answers the right password as a wrong one (WS-Security, text and digest)', async () => {
    for (const attempt of [1, 2, 3]) {
      expect(codeIn(await aoCall(attack.running, passwordTextHeader('barbara.bates', `Wrong-${attempt}`)))).toBe('AUTH_FAILED');
    }
    const before = await users();
    const wrong = await aoCall(attack.running, passwordTextHeader('barbara.bates', 'Wrong-4'));
    expect(codeIn(wrong)).toBe('AUTH_FAILED');
    expect(asSeen(await aoCall(attack.running, passwordTextHeader('barbara.bates', COMPAT_PASSWORD)))).toEqual(asSeen(wrong));
    expect(asSeen(await aoCall(attack.running, passwordDigestHeader('barbara.bates', COMPAT_PASSWORD)))).toEqual(
      asSeen(await aoCall(attack.running, passwordDigestHeader('barbara.bates', 'Wrong-5'))),
    );
    expect(await users()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-02] a suspended account answers the AO gateway over HTTP Basic the same for the right and a wrong password', async () => {
    const before = await users();
    const right = await aoBasicCall(attack.running, 'simon.stone', COMPAT_PASSWORD);
    const wrong = await aoBasicCall(attack.running, 'simon.stone', 'Wrong-Password-1');
    expect(codeIn(wrong)).toBe('AUTH_FAILED');
    expect(asSeen(right)).toEqual(asSeen(wrong));
    expect(right.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
    expect(await users()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-03] a suspended account answers the admin API (HTTP Basic) the same for the right and a wrong password', async () => {
    const before = await users();
    const right = await admin(attack.running.baseUrl, 'GET', '/self', { user: 'simon.stone', password: COMPAT_PASSWORD });
    const wrong = await admin(attack.running.baseUrl, 'GET', '/self', { user: 'simon.stone', password: 'Wrong-Password-1' });
    expect(wrong.body.error?.code).toBe('AUTH_FAILED');
    expect(seenJson(right)).toEqual(seenJson(wrong));
    expect(await users()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-04] a suspended account answers the forgotten-password call the same for the right and a wrong secret answer, and sends nothing', async () => {
    const before = await attack.snapshot();
    const forgotten = (answer: string) =>
      admin(attack.running.baseUrl, 'POST', '/self/forgotten-password', { user: 'simon.stone', password: answer });
    const right = await forgotten(COMPATIBILITY_SECRET_ANSWER);
    const wrong = await forgotten('Not the school');
    expect(wrong.body.error?.code).toBe('AUTH_FAILED');
    expect(seenJson(right)).toEqual(seenJson(wrong));
    expect(await attack.snapshot()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-05] a suspended user named on /LearnerService.svc is answered the same with the right and a wrong OrgPassword', async () => {
    const before = await users();
    const right = await lrsCall(attack.running, 'simon.stone');
    const wrong = await lrsCall(attack.running, 'simon.stone', WRONG_ORG_PASSWORD);
    expect(codeIn(wrong)).toBe('WSEC0005');
    expect(asSeen(right)).toEqual(asSeen(wrong));
    expect(await users()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-06] a suspended user named on ExternalService.svc is answered the same with the right and a wrong OrgPassword', async () => {
    const before = await users();
    const right = await externalCall(attack.running, 'simon.stone');
    const wrong = await externalCall(attack.running, 'simon.stone', WRONG_ORG_PASSWORD);
    expect([codeIn(wrong), externalDetailCode(wrong)]).toEqual(['WSEC0005', 'AUTH_FAILED']);
    expect(asSeen(right)).toEqual(asSeen(wrong));
    expect(await users()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-LOCKOUT-07] wrong OrgPasswords naming a user never suspend that user: they spend the address budget and the super users are told once, without secrets', async () => {
    const mailFor = () =>
      attack.running.gateway.dataSource.query(
        "SELECT recipient, body_text FROM outbox_messages WHERE kind = 'organisation-password-failure' ORDER BY id",
      ) as Promise<{ recipient: string; body_text: string }[]>;
    const before = await users();
    const answers: string[] = [];
    for (let attempt = 0; attempt <= ORG_PASSWORD_BUDGET; attempt++) {
      const reply =
        attempt % 2 === 0
          ? await lrsCall(attack.running, 'victor.vance', WRONG_ORG_PASSWORD)
          : await externalCall(attack.running, 'victor.vance', WRONG_ORG_PASSWORD);
      answers.push(codeIn(reply) ?? '');
    }
    // Earlier attacks here spent two points of the address's budget: it runs out within the loop.
    const refusedFrom = answers.indexOf('WSEC0004');
    expect(refusedFrom).toBeGreaterThan(0);
    expect(answers.slice(0, refusedFrom).every((code) => code === 'WSEC0005')).toBe(true);
    expect(answers.slice(refusedFrom).every((code) => code === 'WSEC0004')).toBe(true);
    // Spent, the address is refused before any password is looked at, the right one included.
    const right = await lrsCall(attack.running, 'victor.vance');
    expect(codeIn(right)).toBe('WSEC0004');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);

    expect(await users()).toEqual(before); // victor.vance: still ACTIVE, no failed attempt counted
    const mail = await mailFor();
    const superUsers = (await attack.running.gateway.dataSource.query(
      `SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'LRB_SUPER_USER'
       JOIN organisations o ON o.id = u.organisation_id WHERE o.ukprn = '10099901' AND u.status = 'ACTIVE'`,
    )) as { email: string }[];
    expect(superUsers.length).toBeGreaterThan(0);
    // Once per window: one mail to each super user, however many wrong passwords came.
    expect(mail.map((m) => m.recipient).sort()).toEqual(superUsers.map((u) => u.email).sort());
    expect(mail[0].body_text).toContain('10099901');
    expect(mail[0].body_text).not.toContain(WRONG_ORG_PASSWORD);
    expect(mail[0].body_text).not.toContain('victor.vance');
    expect(codeIn(await aoCall(attack.running, passwordTextHeader('victor.vance')))).toBe('WSVRC001');
    await attack.stillServing();
  });
});
