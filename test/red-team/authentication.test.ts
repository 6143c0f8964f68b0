import { randomBytes } from 'node:crypto';
import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import {
  aoBasicCall,
  aoCall,
  asSeen,
  codeIn,
  COMPAT_PASSWORD,
  gatewayUnderAttack,
  lrsCall,
  SAMPLE,
} from '../support/auth-attacks';
import { aoVerifyLearner, envelope, passwordDigestHeader, passwordTextHeader } from '../support/soap-messages';

/**
 * Attacks on who is calling: PasswordDigest nonce replay under other spellings, telling known
 * usernames from unknown ones, and usernames that a database collation would take for another.
 */
describe.each(eachDatabase())('authentication attacks on %s', (_name, database) => {
  const attack = gatewayUnderAttack(database);
  const snapshot = attack.snapshot;

  it('[RT-AUTH-01] a PasswordDigest request replayed with its Nonce respelt (padding removed, space or . inserted, ! appended) is refused every time', async () => {
    const nonce = randomBytes(16);
    const created = new Date().toISOString();
    const canonical = nonce.toString('base64');
    expect(canonical.endsWith('==')).toBe(true);
    const header = (nonceText: string) =>
      passwordDigestHeader('victor.vance', COMPAT_PASSWORD, { nonce, created }).replace(`>${canonical}<`, `>${nonceText}<`);
    expect(codeIn(await aoCall(attack.running, header(canonical)))).toBe('WSVRC001');
    const before = await snapshot();

    const respellings = [
      canonical.replace(/=+$/, ''),
      `${canonical.slice(0, 8)} ${canonical.slice(8)}`,
      `${canonical.slice(0, 8)}.${canonical.slice(8)}`,
      `${canonical}!`,
      `${canonical.slice(0, 8)}..${canonical.slice(8, -2)}`,
    ];
    for (const respelt of respellings) {
      expect(codeIn(await aoCall(attack.running, header(respelt)))).toBe('AUTH_FAILED');
    }
    expect(codeIn(await aoCall(attack.running, header(canonical)))).toBe('AUTH_NONCE_REPLAYED');
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-AUTH-02] a stale Created answers a known and an unknown username alike, and counts toward no lockout', async () => {
    const created = new Date(Date.now() - 3_600_000).toISOString();
    const before = await snapshot();
    const known = await aoCall(attack.running, passwordDigestHeader('victor.vance', 'Not-The-Password-1', { created }));
    const unknown = await aoCall(attack.running, passwordDigestHeader('vincent.nobody', 'Not-The-Password-1', { created }));
    expect(codeIn(known)).toBe('AUTH_TOKEN_EXPIRED');
    expect(asSeen(known)).toEqual(asSeen(unknown));
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });

  it('[RT-AUTH-03] a wrong PasswordDigest answers a known, an unknown, a deleted and a suspended username alike', async () => {
    await attack.running.gateway.dataSource.query("UPDATE users SET status = 'DELETED' WHERE username = 'lena.lowe'");
    const digestAs = (username: string) => aoCall(attack.running, passwordDigestHeader(username, 'Not-The-Password-1'));
    const known = await digestAs('rita.reeves');
    expect(codeIn(known)).toBe('AUTH_FAILED');
    const before = await snapshot();
    for (const username of ['vincent.nobody', 'lena.lowe', 'simon.stone']) {
      expect(asSeen(await digestAs(username))).toEqual(asSeen(known));
    }
    expect(await snapshot()).toEqual(before);
    await attack.running.gateway.authenticator.authenticateUser('rita.reeves', { kind: 'password', password: COMPAT_PASSWORD });
    await attack.stillServing();
  });

  it('[RT-AUTH-04] a wrong password costs an unknown username the same key derivation as a known one, and the same answer', async () => {
    const hasher = attack.running.gateway.hasher;
    const derivations = jest.spyOn(hasher, 'verify');
    const wasted = jest.spyOn(hasher, 'waste');
    const kdfRuns = async (call: () => Promise<unknown>) => {
      derivations.mockClear();
      wasted.mockClear();
      await call();
      return derivations.mock.calls.length + wasted.mock.calls.length;
    };
    try {
      let known: Awaited<ReturnType<typeof aoCall>> | undefined;
      expect(
        await kdfRuns(async () => (known = await aoCall(attack.running, passwordTextHeader('quentin.quinn', 'Wrong-1')))),
      ).toBe(1);
      const before = await snapshot();
      let unknown: Awaited<ReturnType<typeof aoCall>> | undefined;
      expect(
        await kdfRuns(async () => (unknown = await aoCall(attack.running, passwordTextHeader('quentin.nobody', 'Wrong-1')))),
      ).toBe(1);
      let suspended: Awaited<ReturnType<typeof aoCall>> | undefined;
      expect(
        await kdfRuns(async () => (suspended = await aoCall(attack.running, passwordTextHeader('simon.stone', COMPAT_PASSWORD)))),
      ).toBe(1);
      expect(asSeen(unknown!)).toEqual(asSeen(known!));
      expect(asSeen(suspended!)).toEqual(asSeen(known!));
      expect(await snapshot()).toEqual(before);
    } finally {
      derivations.mockRestore();
      wasted.mockRestore();
    }
    await attack.running.gateway.authenticator.authenticateUser('quentin.quinn', { kind: 'password', password: COMPAT_PASSWORD });
    await attack.stillServing();
  });

  it('[RT-AUTH-05] VICTOR.VANCE, víctor.vance and "victor.vance " are not victor.vance, on every surface and database', async () => {
    const before = await snapshot();
    for (const lookalike of ['VICTOR.VANCE', 'víctor.vance', 'victor.vance ', 'Victor.Vance']) {
      expect(codeIn(await aoBasicCall(attack.running, lookalike, COMPAT_PASSWORD))).toBe('AUTH_FAILED');
      const adminReply = await admin(attack.running.baseUrl, 'GET', '/self', { user: lookalike, password: COMPAT_PASSWORD });
      expect(adminReply.body.error?.code).toBe('AUTH_FAILED');
      if (lookalike.trim() === lookalike) {
        expect(codeIn(await aoCall(attack.running, passwordTextHeader(lookalike)))).toBe('AUTH_FAILED');
        expect(codeIn(await lrsCall(attack.running, lookalike))).toBe('WSEC0005');
      }
    }
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });
  it('[RT-AUTH-06] HTTP Basic credentials respelt (padding removed, ! appended, . inserted) are refused on the AO gateway and the admin API, and count nothing', async () => {
    const canonical = Buffer.from(`victor.vance:${COMPAT_PASSWORD}`, 'utf8').toString('base64');
    expect(canonical.endsWith('=')).toBe(true);
    const before = await snapshot();
    for (const respelt of [canonical.replace(/=+$/, ''), `${canonical}!`, `${canonical.slice(0, 8)}.${canonical.slice(8)}`]) {
      const headers = { Authorization: `Basic ${respelt}` };
      const ao = await fetch(`${attack.running.baseUrl}/soap/ao`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'text/xml; charset=utf-8' },
        body: envelope(aoVerifyLearner(SAMPLE)),
      });
      expect(codeIn({ status: ao.status, body: await ao.text(), headers: ao.headers })).toBe('AUTH_FAILED');
      const adminReply = await fetch(`${attack.running.baseUrl}/admin/self`, { headers });
      expect([adminReply.status, ((await adminReply.json()) as { error: { code: string } }).error.code]).toEqual([
        401,
        'AUTH_FAILED',
      ]);
    }
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });
});
