import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { aoProbe, gatewayUnderAttack } from '../support/red-team';
import { firstText } from '../support/soap-messages';

/**
 * Races over the wire: the same write sent many times at once, or two writes on one record at
 * once. Exactly one of a duplicate wins and the others get the clear duplicate refusal; racing
 * writes leave a history that explains the final state; the server keeps answering.
 */

const CONCURRENCY = 20;

const learnerXml = (uln: string, given: string, family: string) =>
  `<ao:ULN>${uln}</ao:ULN><ao:GivenName>${given}</ao:GivenName><ao:FamilyName>${family}</ao:FamilyName>`;
const keyXml = (learner: string, aim: string, awardDate: string) =>
  `<ao:Key>${learner}<ao:AimReference>${aim}</ao:AimReference><ao:AwardDate>${awardDate}</ao:AwardDate></ao:Key>`;
const createXml = (learner: string, aim: string, awardDate: string, grade: string) =>
  `<ao:Learner>${learner}</ao:Learner><ao:Achievement><ao:AimReference>${aim}</ao:AimReference>` +
  `<ao:AwardDate>${awardDate}</ao:AwardDate><ao:Grade>${grade}</ao:Grade></ao:Achievement>`;

/** "OK", or the fault's code. */
const outcomeOf = (reply: { body: string }) => firstText(reply.body, 'Code') ?? 'OK';

const tally = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o]: (counts[o] ?? 0) + 1 }), {});

describe.each(eachDatabase())('concurrency on %s', (_name, database) => {
  const target = gatewayUnderAttack(database);
  const baseUrl = () => target.running().baseUrl;
  const count = async (sql: string, parameters: unknown[] = []) =>
    Number((await target.running().gateway.dataSource.query(sql, parameters))[0].n);

  test(`[RT-CONC-01] ${CONCURRENCY} concurrent CreateAchievement calls of one key leave one record and ${CONCURRENCY - 1} ACHIEVEMENT_EXISTS`, async () => {
    const body = createXml(learnerXml('2000000087', 'James', 'Smith'), '603/1234/8', '2025-08-21', '7');
    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => aoProbe(baseUrl(), 'quentin.quinn', 'CreateAchievement', body).then(outcomeOf)),
    );
    expect({
      outcomes: tally(outcomes),
      achievements: await count("SELECT COUNT(*) AS n FROM achievements WHERE aim_reference = '60312348'"),
      events: await count(
        "SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.aim_reference = '60312348'",
      ),
      healthz: (await target.aftermath()).healthz,
    }).toEqual({ outcomes: { OK: 1, ACHIEVEMENT_EXISTS: CONCURRENCY - 1 }, achievements: 1, events: 1, healthz: 200 });
  });

  test('[RT-CONC-02] a concurrent UpdateAchievement and WithdrawAchievement leave a history that explains the final state', async () => {
    const learner = learnerXml('2000000362', 'Jonathan', 'Brown');
    expect(
      outcomeOf(
        await aoProbe(baseUrl(), 'quentin.quinn', 'CreateAchievement', createXml(learner, '603/5678/9', '2022-08-18', 'C')),
      ),
    ).toBe('OK');
    const key = keyXml(learner, '603/5678/9', '2022-08-18');
    const [update, withdraw] = await Promise.all([
      aoProbe(
        baseUrl(),
        'quentin.quinn',
        'UpdateAchievement',
        `${key}<ao:Changes><ao:Grade>B</ao:Grade></ao:Changes><ao:ActionDate>2026-11-20</ao:ActionDate>`,
      ).then(outcomeOf),
      aoProbe(
        baseUrl(),
        'quentin.quinn',
        'WithdrawAchievement',
        `${key}<ao:ActionDate>2026-11-20</ao:ActionDate><ao:ActionReason>SUBINERROR</ao:ActionReason>`,
      ).then(outcomeOf),
    ]);
    const dataSource = target.running().gateway.dataSource;
    const [final] = await dataSource.query("SELECT id, status, version FROM achievements WHERE uln = '2000000362'");
    const history: { action: string; status_after: string }[] = await dataSource.query(
      'SELECT action, status_after FROM achievement_events WHERE achievement_id = ? ORDER BY id',
      [final.id],
    );
    expect({
      withdrawn: withdraw,
      // The update either committed first or was refused because the withdrawal had.
      update: ['OK', 'ACHIEVEMENT_WITHDRAWN'].includes(update),
      // One event per committed version: nothing lost, nothing doubled; the last explains the state.
      events: history.length,
      lastEventStatus: history[history.length - 1].status_after,
      actions: history.map((h) => h.action),
      healthz: (await target.aftermath()).healthz,
    }).toEqual({
      withdrawn: 'OK',
      update: true,
      events: Number(final.version),
      lastEventStatus: final.status,
      actions: update === 'OK' ? expect.arrayContaining(['CREATE', 'UPDATE', 'WITHDRAW']) : ['CREATE', 'WITHDRAW'],
      healthz: 200,
    });
  });

  test(`[RT-CONC-03] ${CONCURRENCY} concurrent withdrawals of one achievement: one applies, the others are refused ACHIEVEMENT_ALREADY_WITHDRAWN`, async () => {
    const learner = learnerXml('2000000222', 'Sally Ann', 'Jones');
    expect(
      outcomeOf(
        await aoProbe(baseUrl(), 'quentin.quinn', 'CreateAchievement', createXml(learner, '603/5678/9', '2023-06-01', 'A')),
      ),
    ).toBe('OK');
    const withdraw = `${keyXml(learner, '603/5678/9', '2023-06-01')}<ao:ActionDate>2026-11-20</ao:ActionDate><ao:ActionReason>ACHINVALID</ao:ActionReason>`;
    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENCY }, () =>
        aoProbe(baseUrl(), 'quentin.quinn', 'WithdrawAchievement', withdraw).then(outcomeOf),
      ),
    );
    expect({
      outcomes: tally(outcomes),
      withdrawals: await count(
        "SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.uln = '2000000222' AND e.action = 'WITHDRAW'",
      ),
      healthz: (await target.aftermath()).healthz,
    }).toEqual({ outcomes: { OK: 1, ACHIEVEMENT_ALREADY_WITHDRAWN: CONCURRENCY - 1 }, withdrawals: 1, healthz: 200 });
  });

  test(`[RT-CONC-04] ${CONCURRENCY} concurrent RaiseDataChallenge calls on one achievement open one challenge, the others DATA_CHALLENGE_OPEN_EXISTS`, async () => {
    const learner = learnerXml('2000000575', 'Siobhan', "O'Brien");
    expect(
      outcomeOf(
        await aoProbe(baseUrl(), 'quentin.quinn', 'CreateAchievement', createXml(learner, '603/5678/9', '2024-06-01', 'B')),
      ),
    ).toBe('OK');
    const raise =
      '<ao:Achievement><ao:ULN>2000000575</ao:ULN><ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>2024-06-01</ao:AwardDate>' +
      '</ao:Achievement><ao:Type>INFORMATION_WRONG</ao:Type><ao:ProblemType>GRADE_WRONG</ao:ProblemType><ao:Description>Should be A</ao:Description>';
    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => aoProbe(baseUrl(), 'lena.lowe', 'RaiseDataChallenge', raise).then(outcomeOf)),
    );
    expect({
      outcomes: tally(outcomes),
      challenges: await count(
        "SELECT COUNT(*) AS n FROM data_challenges d JOIN achievements a ON a.id = d.achievement_id WHERE a.uln = '2000000575'",
      ),
      healthz: (await target.aftermath()).healthz,
    }).toEqual({ outcomes: { OK: 1, DATA_CHALLENGE_OPEN_EXISTS: CONCURRENCY - 1 }, challenges: 1, healthz: 200 });
  });

  test(`[RT-CONC-05] ${CONCURRENCY} concurrent creations of one person by a super user make one account, the others USER_ALREADY_EXISTS`, async () => {
    const person = { givenName: 'Ravi', familyName: 'Shah', email: 'ravi.shah@awarding-one.example', roles: ['QCF_USER'] };
    const replies = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => admin(baseUrl(), 'POST', '/users', { user: 'alice.archer', body: person })),
    );
    expect({
      outcomes: tally(replies.map((r) => (r.status === 201 ? 'OK' : (r.body.error?.code ?? String(r.status))))),
      accounts: await count("SELECT COUNT(*) AS n FROM users WHERE given_name = 'Ravi' AND family_name = 'Shah'"),
      healthz: (await target.aftermath()).healthz,
    }).toEqual({ outcomes: { OK: 1, USER_ALREADY_EXISTS: CONCURRENCY - 1 }, accounts: 1, healthz: 200 });
  });

  // SQLite has one connection and no pool to exhaust.
  (database.name === 'mariadb' ? test : test.skip)(
    '[RT-CONC-06] a withdrawal needs one pooled connection at a time, so a full pool cannot freeze it (as 20 concurrent follow-ups once froze the gateway)',
    async () => {
      const learner = learnerXml('2000000435', 'Emma', 'Clarke');
      expect(
        outcomeOf(
          await aoProbe(baseUrl(), 'quentin.quinn', 'CreateAchievement', createXml(learner, '603/5678/9', '2023-09-01', 'B')),
        ),
      ).toBe('OK');
      // All but one of the pool's 20 connections busy for 4 s: the withdrawal has one to work with.
      const dataSource = target.running().gateway.dataSource;
      const busy = Array.from({ length: 19 }, () => dataSource.query('SELECT SLEEP(4)'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      const withdrawn = await aoProbe(
        baseUrl(),
        'quentin.quinn',
        'WithdrawAchievement',
        `${keyXml(learner, '603/5678/9', '2023-09-01')}<ao:ActionDate>2026-11-20</ao:ActionDate><ao:ActionReason>ACHINVALID</ao:ActionReason>`,
      ).then(outcomeOf);
      const elapsedMs = performance.now() - started;
      await Promise.all(busy);
      expect({ withdrawn, beforeAnyConnectionFreed: elapsedMs < 3_000, healthz: (await target.aftermath()).healthz }).toEqual({
        withdrawn: 'OK',
        beforeAnyConnectionFreed: true,
        healthz: 200,
      });
    },
  );
});
