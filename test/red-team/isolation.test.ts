import fs from 'node:fs';
import path from 'node:path';
import { admin, type JsonReply } from '../support/admin-client';
import { runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type Answer, aoProbe, gatewayUnderAttack, probe } from '../support/red-team';
import type { RunningGateway } from '../support/running-gateway';
import { firstText, postSoap } from '../support/soap-messages';

/**
 * Isolation between organisations on every path that carries an id: AO Two's users (nadia.novak,
 * owen.oakley) ask for AO One's users, achievements, data challenges and batch jobs by their real
 * ids, and must get exactly (byte for byte, under the same correlation id) what an id that does
 * not exist gets; nothing changes, and the server keeps answering.
 */

const AO_ONE_SUPER_USER = { user: 'alice.archer' };
const AO_TWO_USER = 'nadia.novak';
const AO_TWO_SUPER_USER = 'owen.oakley';
const NOBODY = 'no.such.user';
const ABSENT_ID = 987654;
const AWARD_DATE = '2025-06-20';
const LEARNER = '<ao:ULN>2000000087</ao:ULN><ao:GivenName>James</ao:GivenName><ao:FamilyName>Smith</ao:FamilyName>';
const KEY = (awardDate: string) =>
  `<ao:Key>${LEARNER}<ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>${awardDate}</ao:AwardDate></ao:Key>`;
/** An award date on which AO One has no achievement for the learner. */
const ABSENT_AWARD_DATE = '2024-01-15';

/** The admin answer without its correlation id, which differs on every call. */
const answerOf = (reply: JsonReply) => ({
  status: reply.status,
  code: reply.body.error?.code,
  message: reply.body.error?.message,
  keys: Object.keys(reply.body.error ?? reply.body).sort(),
});

describe.each(eachDatabase())('isolation between organisations on %s', (_name, database) => {
  let challengeId: string;
  let verifyJobId: string;
  let waitingJobId: string;
  let externalJobId: string;

  /** AO One's own things: an achievement, a data challenge on it, batch jobs done and waiting, an LRS achievement job. */
  async function prepare(running: RunningGateway) {
    // AO One's own things: an achievement, a data challenge on it, a verify job and an achievement job.
    const created = await aoProbe(
      running.baseUrl,
      'quentin.quinn',
      'CreateAchievement',
      `<ao:Learner>${LEARNER}</ao:Learner><ao:Achievement><ao:AimReference>603/5678/9</ao:AimReference>` +
        `<ao:AwardDate>${AWARD_DATE}</ao:AwardDate><ao:Grade>C</ao:Grade></ao:Achievement>`,
    );
    expect(firstText(created.body, 'Status')).toBe('ACTIVE');
    const raised = await aoProbe(
      running.baseUrl,
      'lena.lowe',
      'RaiseDataChallenge',
      '<ao:Achievement><ao:ULN>2000000087</ao:ULN><ao:AimReference>603/5678/9</ao:AimReference>' +
        `<ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Achievement><ao:Type>INFORMATION_WRONG</ao:Type>` +
        '<ao:ProblemType>GRADE_WRONG</ao:ProblemType><ao:Description>The grade should be B</ao:Description>',
    );
    challengeId = firstText(raised.body, 'Id') as string;
    const verify = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'verify.csv',
      content: 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nM1,1026893096,Testname,Sample,1976-08-16,2\n',
    });
    verifyJobId = firstText(verify.body, 'JobId') as string;
    await runWorker(running);
    const waiting = await submitBatchOverSoap(running, {
      user: 'morgan.mills',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'waiting.csv',
      content: 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nM2,1026893096,Testname,Sample,1976-08-16,2\n',
    });
    waitingJobId = firstText(waiting.body, 'JobId') as string;
    const external = await postSoap(
      `${running.baseUrl}/ExternalService.svc`,
      fs
        .readFileSync(
          path.join(__dirname, '..', 'fixtures', 'contract', 'lrs-external', 'submit-achievement-batch-job-request.xml'),
          'utf8',
        )
        .replace('AO0001', 'AOB001')
        .replace('victor.vance', 'morgan.mills'),
    );
    externalJobId = firstText(external.body, 'JobId') ?? '';
    expect([challengeId, verifyJobId, waitingJobId, externalJobId].filter((id) => !/^\d+$/.test(id ?? ''))).toEqual([]);
  }
  const target = gatewayUnderAttack(database, { env: { BATCH_WORKER_IN_PROCESS: 'false' }, prepare });
  const baseUrl = () => target.running().baseUrl;

  /**
   * The attack and the same call on an absent id answer identically (a message may repeat the id
   * the caller sent, which is then the only difference); nothing changed; the server answers.
   */
  async function expectInvisible(
    ids: [string | number, string | number],
    ask: (id: string | number) => Promise<Answer>,
    refusal: RegExp,
  ) {
    const [other, absent] = [await ask(ids[0]), await ask(ids[1])];
    const echoless = (answer: Answer, id: string | number) => ({
      status: answer.status,
      body: answer.body.replace(new RegExp(`\\bid ${id}\\b`, 'g'), 'id {id}'),
    });
    expect({
      refused: refusal.test(other.body),
      sameAsAbsent: JSON.stringify(echoless(other, ids[0])) === JSON.stringify(echoless(absent, ids[1])),
      ...(await target.aftermath()),
    }).toEqual({ refused: true, sameAsAbsent: true, tables: target.before(), healthz: 200 });
  }

  describe('the AO gateway', () => {
    test.each([
      [
        "[RT-ISOLATION-01] FindAchievement of another AO's achievement answers ACHIEVEMENT_NOT_FOUND, as for none",
        'FindAchievement',
        '',
      ],
      [
        "[RT-ISOLATION-02] UpdateAchievement of another AO's achievement answers ACHIEVEMENT_NOT_FOUND, as for none",
        'UpdateAchievement',
        '<ao:Changes><ao:Grade>A</ao:Grade></ao:Changes><ao:ActionDate>2026-11-01</ao:ActionDate>',
      ],
      [
        "[RT-ISOLATION-03] WithdrawAchievement of another AO's achievement answers ACHIEVEMENT_NOT_FOUND, as for none",
        'WithdrawAchievement',
        '<ao:ActionDate>2026-11-01</ao:ActionDate><ao:ActionReason>ACHINVALID</ao:ActionReason>',
      ],
      [
        "[RT-ISOLATION-04] ReinstateAchievement of another AO's achievement answers ACHIEVEMENT_NOT_FOUND, as for none",
        'ReinstateAchievement',
        '<ao:ActionDate>2026-11-01</ao:ActionDate><ao:ActionReason>ACHINVALID</ao:ActionReason>',
      ],
    ])('%s', async (_what, operation, rest) => {
      await expectInvisible(
        [AWARD_DATE, ABSENT_AWARD_DATE],
        (date) => aoProbe(baseUrl(), AO_TWO_USER, operation, KEY(String(date)) + rest),
        /<ao:Code>ACHIEVEMENT_NOT_FOUND</,
      );
    });

    test.each([
      [
        "[RT-ISOLATION-05] GetDataChallenge of a challenge on another AO's achievement answers DATA_CHALLENGE_NOT_FOUND, as for none",
        'GetDataChallenge',
        '',
      ],
      [
        "[RT-ISOLATION-06] UpdateDataChallenge of a challenge on another AO's achievement answers DATA_CHALLENGE_NOT_FOUND, as for none",
        'UpdateDataChallenge',
        '<ao:Status>RESOLVED_REJECTED</ao:Status><ao:Comment>Not yours</ao:Comment>',
      ],
    ])('%s', async (_what, operation, rest) => {
      await expectInvisible(
        [challengeId, ABSENT_ID],
        (id) => aoProbe(baseUrl(), AO_TWO_USER, operation, `<ao:Id>${id}</ao:Id>${rest}`),
        /<ao:Code>DATA_CHALLENGE_NOT_FOUND</,
      );
    });

    test("[RT-ISOLATION-07] SetDataChallengesInProgress of another AO's challenge answers DATA_CHALLENGE_NOT_FOUND, as for none", async () => {
      await expectInvisible(
        [challengeId, ABSENT_ID],
        (id) => aoProbe(baseUrl(), AO_TWO_USER, 'SetDataChallengesInProgress', `<ao:Id>${id}</ao:Id>`),
        /<ao:Code>DATA_CHALLENGE_NOT_FOUND</,
      );
    });

    test.each([
      ["[RT-ISOLATION-08] GetBatchJob of another AO's job answers BATCH_JOB_NOT_FOUND, as for none", 'GetBatchJob'],
      ["[RT-ISOLATION-09] GetBatchJobOutput of another AO's job answers BATCH_JOB_NOT_FOUND, as for none", 'GetBatchJobOutput'],
      ["[RT-ISOLATION-10] CancelBatchJob of another AO's waiting job answers BATCH_JOB_NOT_FOUND, as for none", 'CancelBatchJob'],
    ])('%s', async (_what, operation) => {
      const jobId = operation === 'CancelBatchJob' ? waitingJobId : verifyJobId;
      await expectInvisible(
        [jobId, ABSENT_ID],
        (id) => aoProbe(baseUrl(), AO_TWO_USER, operation, `<ao:JobId>${id}</ao:JobId>`),
        /<ao:Code>BATCH_JOB_NOT_FOUND</,
      );
    });
  });

  describe('the LRS-compatible services', () => {
    test("[RT-ISOLATION-11] getVerifyBatchOutput of another organisation's job answers WSRC0018, as for none", async () => {
      const ask = (jobId: string | number) =>
        probe(baseUrl(), '/LearnerService.svc', {
          body:
            '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
            '<vld:GetVerifyBatchOutput xmlns:vld="http://api.lrs.miap.gov.uk/vldmsg"><UKPRN>10099902</UKPRN>' +
            `<OrgPassword>AO2WebService#02</OrgPassword><UserName>${AO_TWO_USER}</UserName><JobID>${jobId}</JobID>` +
            '</vld:GetVerifyBatchOutput></soapenv:Body></soapenv:Envelope>',
        });
      await expectInvisible([verifyJobId, ABSENT_ID], ask, /<ResponseCode>WSRC0018</);
    });

    test("[RT-ISOLATION-12] GetAchievementBatchJob of another organisation's job answers WSRC0018, as for none", async () => {
      const ask = (jobId: string | number) =>
        probe(baseUrl(), '/ExternalService.svc', {
          body:
            '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
            '<ser:GetAchievementBatchJob xmlns:ser="http://api.lrs.qcf.gov.uk/services" xmlns:mod="http://api.lrs.qcf.gov.uk/model">' +
            '<ser:invokingUser><mod:OrgPassword>AO2WebService#02</mod:OrgPassword><mod:OrganisationRef>AOB002</mod:OrganisationRef>' +
            `<mod:UserName>${AO_TWO_USER}</mod:UserName></ser:invokingUser><ser:jobId>${jobId}</ser:jobId>` +
            '</ser:GetAchievementBatchJob></soapenv:Body></soapenv:Envelope>',
        });
      await expectInvisible([externalJobId, ABSENT_ID], ask, /WSRC0018/);
    });
  });

  describe('the admin API', () => {
    test.each([
      ["[RT-ISOLATION-13] GET /admin/batches/{id} of another AO's job answers 404, as for none", 'GET', ''],
      ["[RT-ISOLATION-14] GET /admin/batches/{id}/output of another AO's job answers 404, as for none", 'GET', '/output'],
      [
        "[RT-ISOLATION-15] POST /admin/batches/{id}/cancel of another AO's waiting job answers 404, as for none",
        'POST',
        '/cancel',
      ],
    ])('%s', async (_what, method, suffix) => {
      const jobId = suffix === '/cancel' ? waitingJobId : verifyJobId;
      await expectInvisible(
        [jobId, ABSENT_ID],
        (id) => probe(baseUrl(), `/admin/batches/${id}${suffix}`, { method, user: AO_TWO_USER }),
        /"code":"BATCH_JOB_NOT_FOUND"/,
      );
    });

    test.each([
      [
        "[RT-ISOLATION-16] a super user reading another AO's EDC resolver address gets NOT_FOUND, as for no such UKPRN",
        'GET',
        undefined,
      ],
      [
        "[RT-ISOLATION-17] a super user setting another AO's EDC resolver address gets NOT_FOUND, as for no such UKPRN",
        'PUT',
        JSON.stringify({ edcResolverEmail: 'attacker@awarding-two.example' }),
      ],
    ])('%s', async (_what, method, body) => {
      await expectInvisible(
        ['10099901', '10099999'],
        (ukprn) => probe(baseUrl(), `/admin/organisations/${ukprn}/edc-resolver`, { method, body, user: AO_TWO_SUPER_USER }),
        /"code":"NOT_FOUND"/,
      );
    });

    // guide 3.2: a super user manages the users of their own organisation; another organisation's
    // users are invisible, answered exactly as a username that does not exist.
    test.each([
      [
        '[RT-ISOLATION-18] a super user reading a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'GET',
        '',
        undefined,
      ],
      [
        '[RT-ISOLATION-19] a super user changing a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'PATCH',
        '',
        { familyName: 'Stolen' },
      ],
      [
        '[RT-ISOLATION-20] a super user changing the roles of a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'PATCH',
        '',
        { roles: ['LRB_SUPER_USER'] },
      ],
      [
        '[RT-ISOLATION-21] a super user suspending a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'POST',
        '/suspend',
        undefined,
      ],
      [
        '[RT-ISOLATION-22] a super user reactivating a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'POST',
        '/reactivate',
        undefined,
      ],
      [
        '[RT-ISOLATION-23] a super user resetting the password of a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'POST',
        '/password-reset',
        undefined,
      ],
      [
        '[RT-ISOLATION-24] a super user reading the secret question of a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'GET',
        '/secret-question',
        undefined,
      ],
      [
        '[RT-ISOLATION-25] a super user checking the identity of a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'POST',
        '/identity-check',
        { answer: 'anything' },
      ],
      [
        '[RT-ISOLATION-26] a super user deleting a user of another organisation gets USER_NOT_FOUND, as for nobody',
        'DELETE',
        '',
        undefined,
      ],
    ])('%s', async (_what, method, suffix, body) => {
      const other = await admin(baseUrl(), method, `/users/${AO_TWO_USER}${suffix}`, { ...AO_ONE_SUPER_USER, body });
      const nobody = await admin(baseUrl(), method, `/users/${NOBODY}${suffix}`, { ...AO_ONE_SUPER_USER, body });
      expect({
        other: answerOf(other),
        sameAsNobody: JSON.stringify(answerOf(other)) === JSON.stringify(answerOf(nobody)),
        ...(await target.aftermath()),
      }).toEqual({
        other: { status: 404, code: 'USER_NOT_FOUND', message: expect.any(String), keys: ['code', 'correlationId', 'message'] },
        sameAsNobody: true,
        tables: target.before(),
        healthz: 200,
      });
    });

    test("[RT-ISOLATION-27] a super user's searches never list another organisation's users, whatever the filter", async () => {
      const leaked: string[] = [];
      for (const query of [
        '',
        '?username=nadia',
        '?familyName=Novak',
        '?role=QCF_USER',
        '?status=SUSPENDED',
        '?role=ALL',
        '?username=nadia.novak',
      ]) {
        const reply = await admin(baseUrl(), 'GET', `/users${query}`, AO_ONE_SUPER_USER);
        for (const user of reply.body.users as { username: string; organisationUkprn: string }[]) {
          if (user.organisationUkprn !== '10099901') leaked.push(`${query}: ${user.username}`);
        }
      }
      expect({
        leaked,
        ...(await target.aftermath()),
      }).toEqual({
        leaked: [],
        tables: target.before(),
        healthz: 200,
      });
    });

    test("[RT-ISOLATION-28] a super user's audit trail never shows another organisation's activity", async () => {
      await admin(baseUrl(), 'GET', `/users/${AO_TWO_USER}`, { user: AO_TWO_SUPER_USER });
      await target.running().gateway.audit.flush();
      const trail = await admin(baseUrl(), 'GET', `/audit-trail?username=${AO_TWO_USER}`, AO_ONE_SUPER_USER);
      const mine = await admin(baseUrl(), 'GET', '/audit-trail?pageSize=200', AO_ONE_SUPER_USER);
      const foreign = (mine.body.entries as { username: string }[])
        .map((e) => e.username)
        .filter((u) => [AO_TWO_USER, AO_TWO_SUPER_USER, 'lena.lowe'].includes(u));
      expect({ total: trail.body.total, foreign, healthz: (await target.aftermath()).healthz }).toEqual({
        total: 0,
        foreign: [],
        healthz: 200,
      });
    });
  });
});
