import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, firstText, passwordTextHeader, postSoap } from '../support/soap-messages';

const DANA = { user: 'dana.dixon' };

function createAchievement(aimReference: string, grade: string, awardDate: string, username: string): string {
  return envelope(
    '<ao:CreateAchievement xmlns:ao="urn:lrs-gateway:ao:1">' +
      '<ao:Learner><ao:ULN>1026893096</ao:ULN><ao:GivenName>Sample</ao:GivenName><ao:FamilyName>Testname</ao:FamilyName></ao:Learner>' +
      `<ao:Achievement><ao:AimReference>${aimReference}</ao:AimReference><ao:AwardDate>${awardDate}</ao:AwardDate><ao:Grade>${grade}</ao:Grade></ao:Achievement>` +
      '</ao:CreateAchievement>',
    passwordTextHeader(username),
  );
}

describe.each(eachDatabase())('the sandbox: reset and snapshots, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { SANDBOX: 'on' } });
  });
  afterAll(() => running.stop());

  const count = async (sql: string, parameters: unknown[] = []) =>
    Number(((await running.gateway.dataSource.query(sql, parameters)) as { n: number | string }[])[0].n);
  const achievementsOf = (ukprn: string) =>
    count(
      'SELECT COUNT(*) AS n FROM achievements a JOIN organisations o ON o.id = a.awarding_organisation_id WHERE o.ukprn = ?',
      [ukprn],
    );
  const create = async (aim: string, grade: string, date: string, user: string) => {
    const reply = await postSoap(`${running.baseUrl}/soap/ao`, createAchievement(aim, grade, date, user));
    expect([reply.status, firstText(reply.body, 'Code')]).toEqual([200, undefined]);
  };

  test('a snapshot, a reset that leaves other organisations alone, and a restore that puts the records back', async () => {
    await create('603/5678/9', 'B', '2019-06-01', 'quentin.quinn');
    await create('603/5678/9', 'A', '2020-06-01', 'quentin.quinn');
    await create('604/6061/1', 'Merit', '2021-06-01', 'nadia.novak');
    expect([await achievementsOf('10099901'), await achievementsOf('10099902')]).toEqual([2, 1]);
    await admin(running.baseUrl, 'POST', '/fault-injections', {
      ...DANA,
      body: { action: 'HTTP_503', count: 5, expiresInSeconds: 600 },
    });

    const saved = await admin(running.baseUrl, 'PUT', '/sandbox/snapshots/two-a-levels', DANA);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'two-a-levels', achievements: 2, createdBy: 'dana.dixon' });

    // AO Two keeps calling while AO One resets.
    const meanwhile = Promise.all(
      [0, 1, 2].map((i) =>
        postSoap(`${running.baseUrl}/soap/ao`, createAchievement('604/6061/1', 'Pass', `2022-0${i + 1}-01`, 'nadia.novak')),
      ),
    );
    const reset = await admin(running.baseUrl, 'POST', '/sandbox/reset', DANA);
    expect(reset.body).toEqual({ achievements: 2, dataChallenges: 0 });
    expect((await meanwhile).map((r) => r.status)).toEqual([200, 200, 200]);
    expect([await achievementsOf('10099901'), await achievementsOf('10099902')]).toEqual([0, 4]);
    const armed = await admin(running.baseUrl, 'GET', '/fault-injections', DANA);
    expect(armed.body.injections).toEqual([]);
    const events = await count(
      'SELECT COUNT(*) AS n FROM achievement_events e JOIN organisations o ON o.id = e.organisation_id WHERE o.ukprn = ?',
      ['10099901'],
    );
    expect(events).toBe(0);

    const restored = await admin(running.baseUrl, 'POST', '/sandbox/snapshots/two-a-levels/restore', DANA);
    expect(restored.body).toEqual({ achievements: 2, dataChallenges: 0 });
    expect([await achievementsOf('10099901'), await achievementsOf('10099902')]).toEqual([2, 4]);
    const grades = (await running.gateway.dataSource.query(
      "SELECT a.grade FROM achievements a JOIN organisations o ON o.id = a.awarding_organisation_id WHERE o.ukprn = '10099901' ORDER BY a.award_date",
    )) as { grade: string }[];
    expect(grades.map((g) => g.grade)).toEqual(['B', 'A']);
    // The restored records work as any others: one of them is updated through the contract.
    const again = await postSoap(
      `${running.baseUrl}/soap/ao`,
      createAchievement('603/5678/9', 'B', '2019-06-01', 'quentin.quinn'),
    );
    expect(again.body).toContain('ACHIEVEMENT_EXISTS');
  });

  test('snapshots are listed, deleted, and named safely; another organisation sees none of them', async () => {
    const listed = await admin(running.baseUrl, 'GET', '/sandbox/snapshots', DANA);
    expect((listed.body.snapshots as { name: string }[]).map((s) => s.name)).toEqual(['two-a-levels']);
    const theirs = await admin(running.baseUrl, 'GET', '/sandbox/snapshots', { user: 'owen.oakley' });
    expect(theirs.body.snapshots).toEqual([]);
    const notTheirs = await admin(running.baseUrl, 'POST', '/sandbox/snapshots/two-a-levels/restore', { user: 'owen.oakley' });
    expect(notTheirs.body.error?.code).toBe('SNAPSHOT_NOT_FOUND');
    const badName = await admin(running.baseUrl, 'PUT', '/sandbox/snapshots/..%2F..%2Fetc', DANA);
    expect(badName.body.error?.code).toBe('REQUEST_INVALID');
    const removed = await admin(running.baseUrl, 'DELETE', '/sandbox/snapshots/two-a-levels', DANA);
    expect(removed.body).toMatchObject({ name: 'two-a-levels' });
    const gone = await admin(running.baseUrl, 'DELETE', '/sandbox/snapshots/two-a-levels', DANA);
    expect(gone.body.error?.code).toBe('SNAPSHOT_NOT_FOUND');
  });

  test('only developers and super users use it', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/sandbox/reset', { user: 'victor.vance' });
    expect(reply.body.error?.code).toBe('ROLE_REQUIRED');
  });
});

describe.each(eachDatabase())('a deployment without a sandbox, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { SANDBOX: 'off' } });
  });
  afterAll(() => running.stop());

  test('refuses reset and snapshots', async () => {
    for (const [method, path] of [
      ['POST', '/sandbox/reset'],
      ['PUT', '/sandbox/snapshots/x'],
      ['GET', '/sandbox/snapshots'],
    ]) {
      const reply = await admin(running.baseUrl, method, path, DANA);
      expect([reply.status, reply.body.error?.code]).toEqual([403, 'SANDBOX_DISABLED']);
    }
  });
});
