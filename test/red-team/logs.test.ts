import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/platform/logger';
import { admin } from '../support/admin-client';
import { runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { syncFileTransport } from '../support/log-capture';
import { findForbidden, forbiddenInLogs } from '../support/log-needles';
import { healthz } from '../support/red-team';
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

/**
 * A hostile run at debug level, with personal data and secrets of the attacker's own choosing
 * (so none can be in the log for another reason) put where a careless error path would echo them:
 * values the XML parser or the schema validator quotes in its message, wrong passwords on every
 * surface, wrong secret answers, broken JSON bodies, bad batch rows. Each refusal gets its code;
 * afterwards the lines the run wrote are searched for every one of those values (the jest global
 * teardown searches the whole run's logs for the seeded ones).
 */

const GIVEN = 'Zephyrinea';
const FAMILY = 'Quarterbridge';
const BIRTH = '1987-03-29';
const POSTCODE = 'KW17 2QX';
const TOO_LONG_NAME = 'Xanthippeyolandaquixoticallyvervains'; // 36 characters: schema-invalid, and quoted by libxml2
const PASSWORD_GUESS = 'Attacker-Guess-7731';
const ORG_PASSWORD_GUESS = 'AttackOrgPass#71';
const SECRET_ANSWER_GUESS = 'Attacker Answer Meadowlane';
const NEW_PASSWORD = 'Hostile-NewPass-9931';

const ATTACKERS_VALUES = [
  GIVEN,
  FAMILY,
  BIRTH,
  POSTCODE,
  TOO_LONG_NAME,
  PASSWORD_GUESS,
  ORG_PASSWORD_GUESS,
  SECRET_ANSWER_GUESS,
  NEW_PASSWORD,
];

describe.each(eachDatabase())('the logs of a hostile run on %s', (_name, database) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-red-team-logs-')), 'gateway.jsonl');
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      logger: createLogger('debug', false, syncFileTransport(file)),
      env: { BATCH_WORKER_IN_PROCESS: 'false', MAIL_DELIVERY_INTERVAL_MS: '3600000' },
    });
  });
  afterAll(async () => {
    await running?.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  /** Runs the attacks (`requests` HTTP requests), then reads what the log gained meanwhile: request lines, and every forbidden value in it. */
  async function logOf(requests: number, attacks: () => Promise<unknown[]>) {
    const start = fs.existsSync(file) ? fs.statSync(file).size : 0;
    const outcomes = await attacks();
    await running.gateway.audit.flush();
    const text = fs.readFileSync(file).subarray(start).toString('utf8');
    const logged = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { message: string; correlationId?: string })
      .filter((line) => line.message === 'request');
    return {
      outcomes,
      requestsLogged: logged.length === requests && logged.every((r) => typeof r.correlationId === 'string'),
      leaked: findForbidden(file, text, [...ATTACKERS_VALUES, ...forbiddenInLogs()]),
      healthz: await healthz(running.baseUrl),
    };
  }

  const learner = { uln: '1026893096', givenName: GIVEN, familyName: FAMILY, dateOfBirth: BIRTH };
  const ao = (body: string, header = passwordTextHeader('victor.vance')) =>
    postSoap(`${running.baseUrl}/soap/ao`, envelope(body, header));
  const aoCode = async (reply: Promise<{ body: string }>) =>
    firstText((await reply).body, 'Code') ?? firstText((await reply).body, 'ResponseCode');
  const lrsCode = async (reply: Promise<{ body: string }>) =>
    firstText((await reply).body, 'ErrorCode') ?? firstText((await reply).body, 'ResponseCode');

  test("[RT-LOGS-01] refused SOAP calls carrying the caller's demographics and password guesses log neither, on every surface", async () => {
    const log = await logOf(10, async () => [
      // The XML parser's and the schema validator's messages quote what they refuse.
      await aoCode(ao(aoVerifyLearner(learner).replace(`</ao:FamilyName>`, ''))),
      await aoCode(ao(aoVerifyLearner({ ...learner, givenName: TOO_LONG_NAME }))),
      await aoCode(ao(aoVerifyLearner({ ...learner, dateOfBirth: `${BIRTH}T99` }))),
      await aoCode(ao(`<!DOCTYPE x [<!ENTITY e "${FAMILY}">]>${aoVerifyLearner(learner)}`)),
      // Wrong passwords, as text, as a digest and as HTTP Basic; an unknown user.
      await aoCode(ao(aoVerifyLearner(learner), passwordTextHeader('victor.vance', PASSWORD_GUESS))),
      await aoCode(ao(aoVerifyLearner(learner), passwordDigestHeader('morgan.mills', PASSWORD_GUESS))),
      await aoCode(
        postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(learner)), {
          Authorization: `Basic ${Buffer.from(`${GIVEN.toLowerCase()}.${FAMILY.toLowerCase()}:${PASSWORD_GUESS}`).toString('base64')}`,
        }),
      ),
      // The LRS-compatible services: a wrong OrgPassword, a schema-invalid learner.
      await lrsCode(
        postSoap(
          `${running.baseUrl}/LearnerService.svc`,
          envelope(lrsVerifyLearner(learner, { orgPassword: ORG_PASSWORD_GUESS })),
        ),
      ),
      await lrsCode(
        postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner({ ...learner, givenName: TOO_LONG_NAME }))),
      ),
      await lrsCode(
        postSoap(
          `${running.baseUrl}/ExternalService.svc`,
          envelope(
            '<ser:GetAchievementBatchJob xmlns:ser="http://api.lrs.qcf.gov.uk/services" xmlns:mod="http://api.lrs.qcf.gov.uk/model">' +
              `<ser:invokingUser><mod:OrgPassword>${ORG_PASSWORD_GUESS}</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>` +
              '<mod:UserName>morgan.mills</mod:UserName></ser:invokingUser><ser:jobId>1</ser:jobId></ser:GetAchievementBatchJob>',
          ),
        ),
      ),
    ]);
    expect(log).toEqual({
      outcomes: [
        'MESSAGE_MALFORMED',
        'MESSAGE_INVALID',
        'MESSAGE_INVALID',
        'MESSAGE_FORBIDDEN_CONSTRUCT',
        'AUTH_FAILED',
        'AUTH_FAILED',
        'AUTH_FAILED',
        'WSEC0005',
        'WSEC0001',
        'WSEC0005',
      ],
      requestsLogged: true,
      leaked: [],
      healthz: 200,
    });
  });

  test('[RT-LOGS-02] refused admin calls carrying passwords, secret answers and names in broken or refused bodies log none of them', async () => {
    const log = await logOf(5, async () => {
      const code = async (reply: ReturnType<typeof admin>) => (await reply).body.error?.code ?? (await reply).status;
      return [
        await code(admin(running.baseUrl, 'GET', '/self', { user: 'alice.archer', password: PASSWORD_GUESS })),
        await code(
          admin(running.baseUrl, 'POST', '/self/forgotten-password', { user: 'owen.oakley', password: SECRET_ANSWER_GUESS }),
        ),
        await code(
          admin(running.baseUrl, 'PUT', '/self/password', {
            user: 'victor.vance',
            rawBody: `{"newPassword": "${NEW_PASSWORD}", "givenName": "${GIVEN}"`,
          }),
        ),
        await code(
          admin(running.baseUrl, 'POST', '/users', {
            user: 'alice.archer',
            body: {
              givenName: TOO_LONG_NAME,
              familyName: FAMILY,
              email: `${GIVEN}@example.com`,
              roles: ['QCF_USER'],
              password: NEW_PASSWORD,
            },
          }),
        ),
        await code(
          admin(running.baseUrl, 'POST', '/users/victor.vance/identity-check', {
            user: 'alice.archer',
            body: { answer: SECRET_ANSWER_GUESS },
          }),
        ),
      ];
    });
    expect(log).toEqual({
      outcomes: ['AUTH_FAILED', 'AUTH_FAILED', 'REQUEST_INVALID', 'REQUEST_INVALID', 200],
      requestsLogged: true,
      leaked: [],
      healthz: 200,
    });
  });

  test('[RT-LOGS-03] a batch file of hostile rows (bad dates, injected SQL, unknown learners) is worked and logs none of its demographics', async () => {
    const log = await logOf(1, async () => {
      const submitted = await submitBatchOverSoap(running, {
        user: 'barbara.bates',
        type: 'VERIFY_LEARNER',
        format: 'CSV',
        fileName: 'hostile.csv',
        content:
          'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n' +
          `H1,1026893096,${FAMILY},${GIVEN},${BIRTH},2\n` +
          `H2,1026893096,${FAMILY},${GIVEN},${BIRTH}X,9\n` +
          `H3,9999999999,${FAMILY}' OR '1'='1,${GIVEN},${BIRTH},1\n` +
          `H4,2000000648,${TOO_LONG_NAME},${GIVEN},,\n`,
      });
      const jobId = firstText(submitted.body, 'JobId');
      await runWorker(running);
      const [job] = await running.gateway.dataSource.query('SELECT status, rows_failed FROM batch_jobs WHERE id = ?', [jobId]);
      return [job.status, Number(job.rows_failed) >= 2];
    });
    expect(log).toEqual({ outcomes: ['SUCCESSFUL', true], requestsLogged: true, leaked: [], healthz: 200 });
  });
});
