import { runWorker } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { externalAchievement, submitAchievementBatchJob, submitVerifyBatch } from '../support/lrs-batch-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { SmtpSink } from '../support/smtp-sink';
import { COMPAT_PASSWORD, firstText, postSoap } from '../support/soap-messages';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Personal data the batches below carry: none of it may be in a completion mail. */
const LEARNER_DATA = ['1026893096', '2000000087', 'Testname', 'Sample', 'Smith', 'James', 'MIS-MAIL'];

describe.each(eachDatabase())('the batch completion mail, on %s', (_name, database) => {
  const sink = new SmtpSink();
  let running: RunningGateway;
  const mailsFor = (jobId: number) => sink.received.filter((m) => m.raw.includes(`Batch job ${jobId} `));

  beforeAll(async () => {
    await sink.start();
    running = await startGateway({
      database,
      env: { SMTP_URL: sink.url, MAIL_DELIVERY_INTERVAL_MS: '100', BATCH_WORKER_IN_PROCESS: 'false' },
    });
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  // First, before any delivery has opened a connection that would keep the sink from closing.
  test("SubmitAchievementBatchJob's emailAddress is told once, retried while the mail server is down", async () => {
    const port = sink.port;
    await sink.stop();
    const reply = await postSoap(
      `${running.baseUrl}/ExternalService.svc`,
      submitAchievementBatchJob(
        externalAchievement({
          AchievementAwardDate: '2023-05-05T00:00:00',
          Action: '1',
          ActionDate: '2026-12-01T09:30:00',
          FamilyName: 'Smith',
          GivenName: 'James',
          Grade: 'Z',
          ProviderUkprn: '10099901',
          Uln: '2000000087',
          UnitOrQualificationReferenceNumber: '603/5678/9',
        }),
        'achievement-results@ao1.example',
      ),
    );
    const jobId = Number(firstText(reply.body, 'JobId'));
    await runWorker(running);
    const message = async () =>
      (
        (await running.gateway.dataSource.query('SELECT attempts, status FROM outbox_messages WHERE dedupe_key = ?', [
          `batch-finished:${jobId}`,
        ])) as { attempts: number; status: string }[]
      )[0];
    await until('a failed delivery', async () => ((await message())?.attempts ?? 0) >= 1 ? true : undefined);
    await sink.start(port);
    const [mail] = await until('the retried mail', () => (mailsFor(jobId).length > 0 ? mailsFor(jobId) : undefined));
    expect(mail.to).toEqual(['achievement-results@ao1.example']);
    expect(mail.raw).toContain('Refused: 1');
    expect(mail.raw).toContain('GRADE_INVALID: 1');
    for (const value of LEARNER_DATA) expect(mail.raw).not.toContain(value);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsFor(jobId)).toHaveLength(1);
    expect((await message())?.status).toBe('SENT');
  });

  test("submitVerifyBatch's OrgEmail is told when the job finishes: the job id and counts, never learner data", async () => {
    const reply = await postSoap(
      `${running.baseUrl}/LearnerService.svc`,
      submitVerifyBatch(
        [
          { mis: 'MIS-MAIL-1', uln: '1026893096', familyName: 'Testname', givenName: 'Sample' },
          { mis: 'MIS-MAIL-2', uln: '2000000087', familyName: 'Smith', givenName: 'Jim' },
        ],
        'verify.results@awarding-one.org',
      ),
    );
    expect(reply.body).toContain('<ResponseCode>WSRC0007</ResponseCode>');
    const jobId = Number(firstText(reply.body, 'JobID'));
    await runWorker(running);
    const [mail] = await until('the completion mail', () => (mailsFor(jobId).length > 0 ? mailsFor(jobId) : undefined));
    expect(mail.to).toEqual(['verify.results@awarding-one.org']);
    expect(mail.raw).toContain(`Subject: Batch job ${jobId} SUCCESSFUL`);
    for (const line of [`Job id: ${jobId}`, 'Records: 2', 'Succeeded: 2', 'Refused: 0', 'WSVRC001: 1', 'WSVRC003: 1']) {
      expect(mail.raw).toContain(line);
    }
    for (const value of LEARNER_DATA) expect(mail.raw).not.toContain(value);
  });

  test('a batch from a surface that names no address sends nothing', async () => {
    const upload = await fetch(`${running.baseUrl}/admin/batches?type=VERIFY_LEARNER&format=CSV&fileName=quiet.csv`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`barbara.bates:${COMPAT_PASSWORD}`).toString('base64')}`,
        'Content-Type': 'text/csv',
      },
      body: 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nQ1,1026893096,Testname,Sample,,\n',
    });
    const { jobId } = (await upload.json()) as { jobId: number };
    await runWorker(running);
    const [job] = (await running.gateway.dataSource.query('SELECT status FROM batch_jobs WHERE id = ?', [jobId])) as { status: string }[];
    expect(job.status).toBe('SUCCESSFUL');
    const [row] = (await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM outbox_messages WHERE dedupe_key = ?', [
      `batch-finished:${jobId}`,
    ])) as { n: number | string }[];
    expect(Number(row.n)).toBe(0);
  });
});
