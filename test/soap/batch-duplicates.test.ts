import { eachDatabase } from '../support/databases';
import { externalAchievement, submitAchievementBatchJob } from '../support/lrs-batch-messages';
import { runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { COMPAT_PASSWORD, firstText, postSoap } from '../support/soap-messages';

const LEARNER = { Uln: '1174112637', GivenName: 'TestOne', FamilyName: 'TesterOne', ProviderUkprn: '10099901' };
const AWARD = { UnitOrQualificationReferenceNumber: '603/5678/9', AchievementAwardDate: '2024-07-01T00:00:00' };
const achievement = (action: number, fields: Record<string, string>) =>
  externalAchievement({ ...LEARNER, ...AWARD, Action: String(action), ActionDate: '2026-12-01T09:30:00', ...fields });

describe.each(eachDatabase())('what counts as a duplicate batch, by surface, on %s', (_name, database) => {
  let running: RunningGateway;
  const upload = (type: string, fileName: string, content: string) =>
    fetch(`${running.baseUrl}/admin/batches?type=${type}&format=CSV&fileName=${fileName}`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`morgan.mills:${COMPAT_PASSWORD}`).toString('base64')}`,
        'Content-Type': 'text/csv',
      },
      body: content,
    }).then(async (reply) => ({ status: reply.status, body: (await reply.json()) as Record<string, any> }));
  const jobs = async () => Number((await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs'))[0].n);

  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  test('an uploaded achievement file sent again is refused, on the admin API and the AO gateway; nothing is queued', async () => {
    const file =
      'Action,Uln,GivenName,FamilyName,UnitOrQualificationReferenceNumber,AchievementAwardDate,Grade,ActionDate\n' +
      '1,2000000087,James,Smith,603/5678/9,2023-06-01,B,2026-12-01\n';
    const first = await upload('ACHIEVEMENT', 'once.csv', file);
    expect(first.status).toBe(202);
    const before = await jobs();
    const again = await upload('ACHIEVEMENT', 'once-again.csv', file);
    expect([again.status, again.body.error?.code]).toEqual([409, 'BATCH_DUPLICATE_FILE']);
    expect(again.body.error?.message).toContain(`batch job ${first.body.jobId}`);
    const overSoap = await submitBatchOverSoap(running, {
      user: 'morgan.mills',
      type: 'ACHIEVEMENT',
      format: 'CSV',
      fileName: 'once.csv',
      content: file,
    });
    expect([overSoap.status, firstText(overSoap.body, 'Code')]).toEqual([500, 'BATCH_DUPLICATE_FILE']);
    expect(await jobs()).toBe(before);
  });

  test('a verify file sent again runs again and is flagged', async () => {
    const file = 'ULN,FamilyName,GivenName\n1026893096,Testname,Sample\n';
    const first = await upload('VERIFY_LEARNER', 'v.csv', file);
    const again = await upload('VERIFY_LEARNER', 'v.csv', file);
    expect(again.status).toBe(202);
    expect(again.body.duplicateOfJobId).toBe(first.body.jobId);
  });

  test('ExternalService: withdraw, reinstate, withdraw again are three legitimate requests, the third identical to the first', async () => {
    const submit = async (achievements: string) => {
      const reply = await postSoap(`${running.baseUrl}/ExternalService.svc`, submitAchievementBatchJob(achievements));
      expect([reply.status, firstText(reply.body, 'ErrorCode'), reply.status === 200 ? '' : Buffer.from(firstText(reply.body, 'ErrorDetail') ?? '', 'base64').toString()]).toEqual([200, undefined, '']);
      await runWorker(running);
      return Number(firstText(reply.body, 'JobId'));
    };
    await submit(achievement(1, { Grade: 'B' }));
    const withdraw = achievement(3, { ActionReason: 'SUBINERROR' });
    const first = await submit(withdraw);
    await submit(achievement(4, { ActionReason: 'SUBINERROR' }));
    const again = await submit(withdraw);
    expect(again).toBeGreaterThan(first);

    const counters = (await running.gateway.dataSource.query(
      'SELECT id, status, rows_succeeded, duplicate_of_job_id FROM batch_jobs WHERE id IN (?, ?) ORDER BY id',
      [first, again],
    )) as { id: number; status: string; rows_succeeded: number; duplicate_of_job_id: number | null }[];
    expect(counters.map((j) => [j.status, Number(j.rows_succeeded), j.duplicate_of_job_id === null ? null : Number(j.duplicate_of_job_id)])).toEqual([
      ['SUCCESSFUL', 1, null],
      ['SUCCESSFUL', 1, first],
    ]);
    const events = (await running.gateway.dataSource.query(
      "SELECT e.action FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.uln = '1174112637' ORDER BY e.id",
    )) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(['CREATE', 'WITHDRAW', 'REINSTATE', 'WITHDRAW']);
  });
});
