import fs from 'node:fs';
import path from 'node:path';
import { admin } from '../support/admin-client';
import { batchJobOverSoap, runWorker, submitBatchOverSoap, uploadBatch } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { firstText } from '../support/soap-messages';

const example = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'batch-files', name), 'utf8');
const verifyRows = (count: number) =>
  'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n' +
  Array.from({ length: count }, (_, i) => `M${i},1026893096,Testname,Sample,1976-08-16,2\n`).join('');

const upload = (
  running: RunningGateway,
  content: string,
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT' = 'VERIFY_LEARNER',
  format: 'CSV' | 'XML' = 'CSV',
) => uploadBatch(running.baseUrl, 'morgan.mills', content, { type, format });

describe.each(eachDatabase())('a batch job’s progress on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_CHUNK_ROWS: '10', BATCH_UPLOAD_LIMIT_BYTES: '8192' },
    });
  });
  afterAll(() => running.stop());

  test('the row total is known as soon as the upload is stored, before a worker takes the job', async () => {
    const submitted = await upload(running, verifyRows(25));
    expect(submitted.body).toMatchObject({ status: 'WAITING', rowCount: 25, rowsProcessed: 0 });
    const jobId = submitted.body.jobId as number;

    const soap = await batchJobOverSoap(running, 'morgan.mills', 'GetBatchJob', jobId);
    expect([firstText(soap.body, 'Status'), firstText(soap.body, 'RowCount'), firstText(soap.body, 'RowsProcessed')]).toEqual([
      'WAITING',
      '25',
      '0',
    ]);
    await runWorker(running);
    const done = await admin(running.baseUrl, 'GET', `/batches/${jobId}`, { user: 'morgan.mills' });
    expect(done.body).toMatchObject({ status: 'SUCCESSFUL', rowCount: 25, rowsProcessed: 25 });
  });

  test('an XML upload is counted by its records, and a SOAP submission too', async () => {
    const xml = await upload(running, example('verify-learner.example.xml'), 'VERIFY_LEARNER', 'XML');
    const records = example('verify-learner.example.xml').match(/<Learner>/g)?.length;
    expect(records).toBeGreaterThan(0);
    expect(xml.body.rowCount).toBe(records);

    const soap = await submitBatchOverSoap(running, {
      user: 'morgan.mills',
      type: 'ACHIEVEMENT',
      format: 'CSV',
      fileName: 'achievements.csv',
      content: example('achievement.example.csv'),
    });
    const rows = example('achievement.example.csv').trim().split('\n').length - 1;
    expect(firstText(soap.body, 'RowCount')).toBe(String(rows));
    await runWorker(running);
  });

  test('a file its reader refuses has no total, is still queued, and fails with the reason when worked', async () => {
    const submitted = await upload(running, 'Not,The,Heading\n1,2,3\n');
    expect(submitted.body).toMatchObject({ status: 'WAITING', rowCount: null });
    await runWorker(running);
    const job = await admin(running.baseUrl, 'GET', `/batches/${submitted.body.jobId}`, { user: 'morgan.mills' });
    expect(job.body).toMatchObject({ status: 'FAILED', rowCount: null });
  });

  test('an upload over the size limit is still refused whole', async () => {
    const before = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs');
    const refused = await upload(running, verifyRows(200));
    expect([refused.status, refused.body]).toMatchObject([413, { error: { code: 'MESSAGE_TOO_LARGE' } }]);
    expect(await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs')).toEqual(before);
  });

  describe('a reader waiting on a job (GET /admin/batches/:id?waitSeconds=)', () => {
    const get = (jobId: unknown, query: string) =>
      admin(running.baseUrl, 'GET', `/batches/${jobId}?${query}`, { user: 'morgan.mills' });

    test('is answered as soon as the job moves, not when the wait ends', async () => {
      const { body } = await upload(running, verifyRows(30));
      const started = Date.now();
      const waiting = get(body.jobId, 'waitSeconds=20&status=WAITING&rowsProcessed=0');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await runWorker(running);
      const answer = await waiting;
      expect(answer.status).toBe(200);
      expect(answer.body.status).not.toBe('WAITING');
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    test('with nothing changing, is answered after the wait with the job as it is', async () => {
      const { body } = await upload(running, verifyRows(3));
      const started = Date.now();
      const answer = await get(body.jobId, 'waitSeconds=1&status=WAITING&rowsProcessed=0');
      expect(answer.body).toMatchObject({ status: 'WAITING', rowsProcessed: 0, rowCount: 3 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await runWorker(running);
    });

    test('is answered at once when what it last saw is already out of date', async () => {
      const { body } = await upload(running, verifyRows(3));
      await runWorker(running);
      const started = Date.now();
      const answer = await get(body.jobId, 'waitSeconds=20&status=WAITING&rowsProcessed=0');
      expect(answer.body).toMatchObject({ status: 'SUCCESSFUL', rowsProcessed: 3 });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    test.each(['waitSeconds=31', 'waitSeconds=-1', 'waitSeconds=1&status=DONE', 'waitSeconds=1&rowsProcessed=x', 'other=1'])(
      'refuses %s with REQUEST_INVALID',
      async (query) => {
        const answer = await get(1, query);
        expect([answer.status, answer.body.error?.code]).toEqual([400, 'REQUEST_INVALID']);
      },
    );
  });
});
