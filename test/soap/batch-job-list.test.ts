import { admin } from '../support/admin-client';
import { runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { allTexts, envelope, firstText, passwordTextHeader, postSoap } from '../support/soap-messages';

const VERIFY = (n: number) => `MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nLIST-${n},1026893096,Testname,Sample,,\n`;
const ACHIEVEMENT = (n: number) =>
  'Action,Uln,GivenName,FamilyName,DateofBirth,Gender,LearnerPostcode,UnitOrQualificationReferenceNumber,AchievementAwardDate,' +
  'Grade,LanguageForAssessment,ProviderUkprn,ActionDate,ActionReason,MisIdentifier\n' +
  `1,2000000087,James,Smith,,,,603/5678/9,2020-01-${String(n).padStart(2, '0')},B,,,2026-12-01,,LIST-${n}\n`;

describe.each(eachDatabase())('finding batch jobs (guide Appendix A "View Batch Job") on %s', (_name, database) => {
  let running: RunningGateway;
  const ids: Record<string, number> = {};
  const today = () => new Date().toISOString().slice(0, 10);
  const listed = async (user: string, query = '') => {
    const reply = await admin(running.baseUrl, 'GET', `/batches${query}`, { user });
    return { status: reply.status, code: reply.body.error?.code, body: reply.body as Record<string, any> };
  };
  const jobIds = (body: Record<string, any>) => (body.jobs as { jobId: number }[]).map((j) => j.jobId);
  const overSoap = (user: string, body: string) =>
    postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(`<ao:ListBatchJobs xmlns:ao="urn:lrs-gateway:ao:1">${body}</ao:ListBatchJobs>`, passwordTextHeader(user)),
    );

  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    const submit = async (key: string, user: string, type: 'VERIFY_LEARNER' | 'ACHIEVEMENT', content: string) => {
      const reply = await submitBatchOverSoap(running, { user, type, format: 'CSV', fileName: `${key}.csv`, content });
      ids[key] = Number(firstText(reply.body, 'JobId'));
    };
    await submit('verify1', 'barbara.bates', 'VERIFY_LEARNER', VERIFY(1));
    await submit('achievement1', 'rita.reeves', 'ACHIEVEMENT', ACHIEVEMENT(1));
    await runWorker(running);
    await submit('verify2', 'morgan.mills', 'VERIFY_LEARNER', VERIFY(2));
    await submit('achievement2', 'morgan.mills', 'ACHIEVEMENT', ACHIEVEMENT(2));
    await submit('aoTwo', 'nadia.novak', 'VERIFY_LEARNER', VERIFY(3));
  });
  afterAll(() => running.stop());

  test("an organisation lists its own jobs, newest first, of the kinds the caller's roles work", async () => {
    const all = await listed('morgan.mills');
    expect(all.status).toBe(200);
    expect(jobIds(all.body)).toEqual([ids.achievement2, ids.verify2, ids.achievement1, ids.verify1]);
    expect(all.body).toMatchObject({ page: 1, pageSize: 50, total: 4 });
    expect(jobIds((await listed('barbara.bates')).body)).toEqual([ids.verify2, ids.verify1]);
    expect(jobIds((await listed('rita.reeves')).body)).toEqual([ids.achievement2, ids.achievement1]);
    expect(jobIds((await listed('nadia.novak')).body)).toEqual([ids.aoTwo]);
  });

  test('by kind, status and submission days, a page at a time', async () => {
    expect(jobIds((await listed('morgan.mills', '?type=VERIFY_LEARNER')).body)).toEqual([ids.verify2, ids.verify1]);
    expect(jobIds((await listed('morgan.mills', '?status=SUCCESSFUL')).body)).toEqual([ids.achievement1, ids.verify1]);
    expect(jobIds((await listed('morgan.mills', '?status=WAITING&type=ACHIEVEMENT')).body)).toEqual([ids.achievement2]);
    expect((await listed('morgan.mills', `?from=${today()}&to=${today()}`)).body.total).toBe(4);
    expect((await listed('morgan.mills', '?to=2020-01-01')).body).toMatchObject({ total: 0, jobs: [] });
    const second = await listed('morgan.mills', '?pageSize=1&page=2');
    expect(second.body).toMatchObject({ page: 2, pageSize: 1, total: 4 });
    expect(jobIds(second.body)).toEqual([ids.verify2]);
  });

  test.each([
    ['a kind the caller does not work', 'barbara.bates', '?type=ACHIEVEMENT', 403, 'ROLE_REQUIRED'],
    ['no batch role at all', 'alice.archer', '', 403, 'ROLE_REQUIRED'],
    ['a status that is not one', 'morgan.mills', '?status=DONE', 400, 'REQUEST_INVALID'],
    ['a date that is not one', 'morgan.mills', '?from=2026-02-30', 400, 'REQUEST_INVALID'],
    ['a range that ends before it starts', 'morgan.mills', '?from=2026-12-02&to=2026-12-01', 400, 'REQUEST_INVALID'],
    ['a page too large', 'morgan.mills', '?pageSize=201', 400, 'REQUEST_INVALID'],
  ])('%s is refused', async (_what, user, query, status, code) => {
    const reply = await listed(user, query);
    expect([reply.status, reply.code]).toEqual([status, code]);
  });

  test('ListBatchJobs on the AO gateway answers the same, and refuses the same', async () => {
    const reply = await overSoap('morgan.mills', '<ao:Type>ACHIEVEMENT</ao:Type><ao:PageSize>10</ao:PageSize>');
    expect(reply.status).toBe(200);
    expect(allTexts(reply.body, 'JobId').map(Number)).toEqual([ids.achievement2, ids.achievement1]);
    expect(allTexts(reply.body, 'Status')).toEqual(['WAITING', 'SUCCESSFUL']);
    expect([firstText(reply.body, 'Page'), firstText(reply.body, 'PageSize'), firstText(reply.body, 'TotalCount')]).toEqual([
      '1',
      '10',
      '2',
    ]);
    const ranged = await overSoap('morgan.mills', `<ao:Status>SUCCESSFUL</ao:Status><ao:From>${today()}</ao:From><ao:To>${today()}</ao:To>`);
    expect(allTexts(ranged.body, 'JobId').map(Number)).toEqual([ids.achievement1, ids.verify1]);
    expect(firstText((await overSoap('barbara.bates', '<ao:Type>ACHIEVEMENT</ao:Type>')).body, 'Code')).toBe('ROLE_REQUIRED');
    expect(firstText((await overSoap('morgan.mills', '<ao:PageSize>201</ao:PageSize>')).body, 'Code')).toBe('MESSAGE_INVALID');
    expect(allTexts((await overSoap('nadia.novak', '')).body, 'JobId').map(Number)).toEqual([ids.aoTwo]);
  });
});
