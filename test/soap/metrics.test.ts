import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { admin } from '../support/admin-client';
import { submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase, testDatabase } from '../support/databases';
import { type Scrape, scrape } from '../support/metrics-scrape';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerifyLearner, envelope, firstText, lrsVerifyLearner, passwordTextHeader, postSoap } from '../support/soap-messages';
import { killed, spawnWorker, until } from '../support/worker-process';

const EXACT = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const VERIFY_CSV = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'batch-files', 'verify-learner.example.csv'));
const VERIFY_ROWS = VERIFY_CSV.toString('utf8').trim().split('\n').length - 1;

const aoVerify = (running: RunningGateway, user: string, password?: string) =>
  postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(EXACT), passwordTextHeader(user, password)));

/** How much each series moved between two scrapes. */
const moved =
  (before: Scrape, after: Scrape) =>
  (name: string, labels: Record<string, string> = {}) =>
    after.value(name, labels) - before.value(name, labels);

describe.each(eachDatabase())('metrics on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      env: { METRICS_DB_CACHE_SECONDS: '0', BATCH_WORKER_IN_PROCESS: 'false', MAIL_DELIVERY_INTERVAL_MS: '3600000' },
    });
  });
  afterAll(() => running.stop());

  test('requests are counted by surface, operation and outcome, and timed', async () => {
    const before = await scrape(running.baseUrl);
    await aoVerify(running, 'victor.vance');
    await aoVerify(running, 'victor.vance');
    await aoVerify(running, 'victor.vance', 'Wrong-Password-1');
    await postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner(EXACT)));
    await admin(running.baseUrl, 'GET', '/self', { user: 'alice.archer' });
    const delta = moved(before, await scrape(running.baseUrl));

    const requests = 'lrs_gateway_requests_total';
    expect(delta(requests, { surface: 'soap-ao', operation: 'VerifyLearner', outcome: 'OK' })).toBe(2);
    expect(delta(requests, { surface: 'soap-ao', operation: 'VerifyLearner', outcome: 'AUTH_FAILED' })).toBe(1);
    expect(delta(requests, { surface: 'soap-lrs', operation: 'verifyLearner', outcome: 'OK' })).toBe(1);
    expect(delta(requests, { surface: 'admin', operation: 'GET /self', outcome: 'OK' })).toBe(1);
    const timed = { surface: 'soap-ao', operation: 'VerifyLearner' };
    expect(delta('lrs_gateway_request_duration_seconds_count', timed)).toBe(3);
    expect(delta('lrs_gateway_request_duration_seconds_sum', timed)).toBeGreaterThan(0);
    expect(delta('lrs_gateway_request_duration_seconds_bucket', { ...timed, le: '+Inf' })).toBe(3);
  });

  test('labels never carry what the caller sent: an unknown operation or path is counted without its name', async () => {
    await postSoap(`${running.baseUrl}/soap/ao`, envelope('<x:ChosenByTheCaller1026 xmlns:x="urn:lrs-gateway:ao:1"/>'));
    await fetch(`${running.baseUrl}/admin/ChosenByTheCaller1026`);
    const after = await scrape(running.baseUrl);
    expect(after.text).not.toContain('ChosenByTheCaller1026');
    expect(
      after.value('lrs_gateway_requests_total', { surface: 'soap-ao', operation: 'none', outcome: 'OPERATION_UNKNOWN' }),
    ).toBe(1);
    expect(after.value('lrs_gateway_requests_total', { surface: 'http', operation: 'none', outcome: 'NOT_FOUND' })).toBe(1);
  });

  test('a suspension after repeated wrong passwords is counted', async () => {
    const before = await scrape(running.baseUrl);
    for (let i = 0; i < 3; i++) await aoVerify(running, 'rita.reeves', 'Wrong-Password-1');
    // Suspended, the right password is answered as a wrong one (docs/decisions/0045-refusals-before-proof.md).
    expect(firstText((await aoVerify(running, 'rita.reeves')).body, 'Code')).toBe('AUTH_FAILED');
    const [account] = await running.gateway.dataSource.query("SELECT status FROM users WHERE username = 'rita.reeves'");
    expect(account.status).toBe('SUSPENDED');
    expect(moved(before, await scrape(running.baseUrl))('lrs_gateway_account_lockouts_total')).toBe(1);
  });

  test('jobs by status and batch rows follow a batch from submission to its end', async () => {
    const before = await scrape(running.baseUrl);
    const submitted = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'verify-mixed.csv',
      content: VERIFY_CSV,
    });
    expect(firstText(submitted.body, 'JobId')).toMatch(/^\d+$/);
    const waiting = await scrape(running.baseUrl);
    expect(moved(before, waiting)('lrs_gateway_batch_jobs', { status: 'WAITING' })).toBe(1);

    await running.gateway.batches.worker.drain();
    const done = await scrape(running.baseUrl);
    const delta = moved(waiting, done);
    expect(delta('lrs_gateway_batch_jobs', { status: 'WAITING' })).toBe(-1);
    expect(delta('lrs_gateway_batch_jobs', { status: 'SUCCESSFUL' })).toBe(1);
    const rows = ['succeeded', 'refused'].map((result) =>
      delta('lrs_gateway_batch_rows_processed_total', { type: 'VERIFY_LEARNER', result }),
    );
    expect(rows[0] + rows[1]).toBe(VERIFY_ROWS);
    expect(rows[0]).toBeGreaterThan(0);
  });

  test('the outbox backlog is read from the database', async () => {
    const before = await scrape(running.baseUrl);
    expect(before.value('lrs_gateway_outbox_messages', { status: 'FAILED' })).toBe(0);
    await running.gateway.db.transaction(() =>
      running.gateway.outbox.enqueue({
        dedupeKey: 'metrics-test:1',
        kind: 'test',
        to: 'ops@example.org',
        subject: 'S',
        text: 'T',
      }),
    );
    const after = await scrape(running.baseUrl);
    expect(moved(before, after)('lrs_gateway_outbox_messages', { status: 'PENDING' })).toBe(1);
    expect(after.value('lrs_gateway_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  test('the default process metrics are there', async () => {
    const metrics = await scrape(running.baseUrl);
    expect(metrics.value('lrs_gateway_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('lrs_gateway_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('protected metrics', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  let bearer: RunningGateway;
  let operator: RunningGateway;
  let off: RunningGateway;
  beforeAll(async () => {
    bearer = await startGateway({ env: { METRICS_ACCESS: 'bearer', METRICS_BEARER_TOKEN: TOKEN } });
    operator = await startGateway({ env: { METRICS_ACCESS: 'operator' } });
    off = await startGateway({ env: { METRICS_ACCESS: 'off' } });
  });
  afterAll(async () => {
    await Promise.all([bearer.stop(), operator.stop(), off.stop()]);
  });

  const get = (running: RunningGateway, authorization?: string) =>
    fetch(`${running.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
  const basic = (user: string, password = 'Compat-Test-2026') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  test('behind a bearer token: without it or with another one, 401 and the challenge; with it, the metrics', async () => {
    const none = await get(bearer);
    expect([none.status, none.headers.get('www-authenticate'), await codeOf(none)]).toEqual([
      401,
      'Bearer realm="lrs-gateway metrics"',
      'AUTH_REQUIRED',
    ]);
    const wrong = await get(bearer, `Bearer ${TOKEN}x`);
    expect([wrong.status, await codeOf(wrong)]).toEqual([401, 'AUTH_FAILED']);
    const right = await get(bearer, `Bearer ${TOKEN}`);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('lrs_gateway_requests_total');
  });

  test("behind an operator's HTTP Basic credentials: other users are refused", async () => {
    expect((await get(operator)).status).toBe(401);
    const user = await get(operator, basic('victor.vance'));
    expect([user.status, await codeOf(user)]).toEqual([403, 'ROLE_REQUIRED']);
    expect((await get(operator, basic('olga.ortiz'))).status).toBe(200);
  });

  test('turned off, there is no /metrics', async () => {
    expect((await get(off)).status).toBe(404);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("a worker process's own metrics port", () => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database: testDatabase('sqlite', { sqliteFile: true }),
      env: { BATCH_WORKER_IN_PROCESS: 'false' },
    });
  });
  afterAll(() => running.stop());

  test('counts the rows the worker processed, where the gateway does not', async () => {
    const port = await freePort();
    const worker = spawnWorker(running.databaseUrl, { WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1' });
    try {
      await submitBatchOverSoap(running, {
        user: 'barbara.bates',
        type: 'VERIFY_LEARNER',
        format: 'CSV',
        fileName: 'verify-mixed.csv',
        content: VERIFY_CSV,
      });
      const rowsOf = (metrics: Scrape) =>
        metrics.value('lrs_gateway_batch_rows_processed_total', { type: 'VERIFY_LEARNER', result: 'succeeded' }) +
        metrics.value('lrs_gateway_batch_rows_processed_total', { type: 'VERIFY_LEARNER', result: 'refused' });
      const workerUrl = `http://127.0.0.1:${port}`;
      await until(
        () =>
          scrape(workerUrl).then(
            (metrics) => rowsOf(metrics) === VERIFY_ROWS,
            () => false,
          ),
        60_000,
        'the worker to report its rows',
      );
      expect(rowsOf(await scrape(running.baseUrl))).toBe(0);
      // Only /metrics: a worker answers no SOAP or admin call.
      expect((await fetch(`${workerUrl}/soap/ao?wsdl`)).status).toBe(404);
    } finally {
      await killed(worker, 'SIGTERM');
    }
  });
});
