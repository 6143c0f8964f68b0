import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/platform/logger';
import { completeFirstLogin } from '../admin/users-helpers';
import { admin } from '../support/admin-client';
import { submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { syncFileTransport } from '../support/log-capture';
import { findForbidden, forbiddenInLogs } from '../support/log-needles';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoVerifyLearner,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordDigestHeader,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const AWARD_DATE = '2025-06-20';
const SEEDED_ANSWER = 'Compat Primary School';

interface LogLine {
  level: string;
  message: string;
  correlationId?: string;
  surface?: string;
  operation?: string;
  outcome?: string;
}

/**
 * What is never logged (docs/observability.md): a journey over every surface at debug level, with the calls that carry the
 * most personal data and secrets (demographics, passwords, web-services passwords, secret
 * answers, one-time passwords, batch files, free text), refused and accepted; then its log is
 * searched for all of them. The global teardown does the same for the logs of the whole run.
 */
describe.each(eachDatabase())('the logs of a journey on %s', (_name, database) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-log-journey-')), 'gateway.jsonl');
  let running: RunningGateway;
  const chosen: string[] = [];
  beforeAll(async () => {
    running = await startGateway({
      database,
      logger: createLogger('debug', false, syncFileTransport(file)),
      env: { MAIL_DELIVERY_INTERVAL_MS: '3600000' },
    });
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  const ao = (user: string, body: string, password?: string) =>
    postSoap(`${running.baseUrl}/soap/ao`, envelope(body, passwordTextHeader(user, password)));

  test('hold one line per request with its correlation id, and no demographics, passwords or secret answers', async () => {
    // Verification, accepted and refused, with PasswordText and PasswordDigest.
    const exact = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-16', gender: 2 };
    expect(firstText((await ao('victor.vance', aoVerifyLearner(exact))).body, 'ResponseCode')).toBe('WSVRC001');
    await postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(aoVerifyLearner({ ...exact, dateOfBirth: '1976-08-17' }), passwordDigestHeader('victor.vance')),
    );
    await ao('victor.vance', aoVerifyLearner({ ...exact, gender: 7 }));
    // Wrong passwords until the account is suspended, then the right one (answered as a wrong one).
    for (let i = 0; i < 3; i++) await ao('rita.reeves', aoVerifyLearner(exact), 'Wrong-Password-1');
    await ao('rita.reeves', aoVerifyLearner(exact));
    // An achievement, and a data challenge whose free text names the learner.
    const learner = '<ao:ULN>2000000087</ao:ULN><ao:GivenName>James</ao:GivenName><ao:FamilyName>Smith</ao:FamilyName>';
    const created = await ao(
      'quentin.quinn',
      `<ao:CreateAchievement xmlns:ao="urn:lrs-gateway:ao:1"><ao:Learner>${learner}<ao:DateOfBirth>2001-02-03</ao:DateOfBirth>` +
        '<ao:Postcode>M1 1AE</ao:Postcode></ao:Learner><ao:Achievement><ao:AimReference>603/5678/9</ao:AimReference>' +
        `<ao:AwardDate>${AWARD_DATE}</ao:AwardDate><ao:Grade>C</ao:Grade></ao:Achievement></ao:CreateAchievement>`,
    );
    expect(firstText(created.body, 'Status')).toBe('ACTIVE');
    const raised = await ao(
      'lena.lowe',
      '<ao:RaiseDataChallenge xmlns:ao="urn:lrs-gateway:ao:1"><ao:Achievement><ao:ULN>2000000087</ao:ULN>' +
        `<ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Achievement>` +
        '<ao:Type>INFORMATION_WRONG</ao:Type><ao:ProblemType>GRADE_WRONG</ao:ProblemType>' +
        '<ao:Description>James Smith, born 2001-02-03, of M1 1AE, was awarded a B</ao:Description></ao:RaiseDataChallenge>',
    );
    expect(firstText(raised.body, 'Status')).toBe('NEW');
    // A batch file of demographics, worked by the worker.
    await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'verify-mixed.csv',
      content: fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'batch-files', 'verify-learner.example.csv')),
    });
    // The LRS-compatible services: OrgPassword in the body, right and wrong; an achievement batch.
    const lrs = (body: string) => postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(body));
    expect(firstText((await lrs(lrsVerifyLearner(exact))).body, 'ResponseCode')).toBe('WSVRC001');
    expect(firstText((await lrs(lrsVerifyLearner(exact, { orgPassword: 'AO1WebService#99' }))).body, 'ErrorCode')).toBe(
      'WSEC0005',
    );
    const external = fs
      .readFileSync(path.join(FIXTURES, 'contract', 'lrs-external', 'submit-achievement-batch-job-request.xml'), 'utf8')
      .replace('AO0001', 'AOB001')
      .replace('victor.vance', 'morgan.mills');
    const submitted = await postSoap(`${running.baseUrl}/ExternalService.svc`, external);
    expect([submitted.status, firstText(submitted.body, 'ErrorCode')]).toEqual([200, undefined]);
    await running.gateway.batches.worker.drain();
    // The admin API: a new user's one-time password and first login, a forgotten password.
    const user = await admin(running.baseUrl, 'POST', '/users', {
      user: 'alice.archer',
      body: { givenName: 'Priya', familyName: 'Patel', email: 'priya.patel@awarding-one.example', roles: ['QCF_USER'] },
    });
    const oneTimePassword = user.body.oneTimePassword as string;
    chosen.push(oneTimePassword);
    await completeFirstLogin(running.baseUrl, 'priya.patel', oneTimePassword, 'Priya-Patel-2026', 'Hilltop');
    expect(
      (await admin(running.baseUrl, 'POST', '/self/forgotten-password', { user: 'owen.oakley', password: SEEDED_ANSWER })).status,
    ).toBe(202);
    await admin(running.baseUrl, 'POST', '/self/forgotten-password', { user: 'owen.oakley', password: 'Fido' });
    await admin(running.baseUrl, 'GET', '/self', { user: 'olga.ortiz', password: 'Not-The-Password-1' });
    await running.gateway.audit.flush();

    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
    const requests = lines.filter((line) => line.message === 'request');
    // The log is really there: one line per request, each with its correlation id, on every surface.
    expect(requests).toHaveLength(20);
    expect(requests.every((line) => typeof line.correlationId === 'string' && line.correlationId.length >= 8)).toBe(true);
    expect(new Set(requests.map((line) => line.surface))).toEqual(new Set(['soap-ao', 'soap-lrs', 'admin']));
    expect(requests.map((line) => line.outcome)).toEqual(expect.arrayContaining(['OK', 'AUTH_FAILED', 'MESSAGE_INVALID']));
    expect(lines.some((line) => line.message === 'account suspended after repeated wrong passwords')).toBe(true);
    // And it holds none of what it must not.
    expect(findForbidden(file, text, [...forbiddenInLogs(), ...chosen, 'Fido'])).toEqual([]);
  });
});
