import { Readable } from 'node:stream';
import { laneOf } from '../../src/batches/batch-lanes';
import { distinctAchievementRows } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { killed, spawnWorker, until } from '../support/worker-process';

const ROWS = 3000;
const CHUNK = 50;
// One chunk of the whole file: even set-based, it takes far longer than the deadline below.
const BIG_CHUNK = ROWS;

describe.each(eachDatabase({ sqliteFile: true }))('a worker process sent SIGTERM mid-job, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  const one = async (sql: string, params: unknown[] = []) => (await running.gateway.dataSource.query(sql, params))[0];
  const count = async (sql: string, params: unknown[]) => Number((await one(sql, params)).n);

  /** Each test's rows are awarded in their own year, so the two jobs' achievements never meet. */
  async function submit(fileName: string, year: number): Promise<number> {
    const principal = await principalOf(running.gateway.dataSource, 'rita.reeves');
    const job = await running.gateway.batches.service.submit(
      {
        type: 'ACHIEVEMENT',
        format: 'CSV',
        fileName,
        content: Readable.from([await distinctAchievementRows(running, ROWS, `${year}-01-01`)]),
        origin: 'ADMIN',
      },
      { principal, correlationId: `shutdown-${fileName}`, surface: 'admin' },
    );
    return job.id;
  }

  /** What is committed for the job agrees with itself: cursor, result rows, counters, achievements, audit. */
  async function expectConsistent(jobId: number, year: number): Promise<number> {
    const job = await one('SELECT next_row, rows_succeeded, rows_failed FROM batch_jobs WHERE id = ?', [jobId]);
    const committed = Number(job.next_row);
    expect(await count('SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ?', [jobId])).toBe(committed);
    expect(Number(job.rows_succeeded) + Number(job.rows_failed)).toBe(committed);
    const achievements =
      "SELECT COUNT(*) AS n FROM achievements WHERE aim_reference = '60356789' AND award_date >= ? AND award_date < ?";
    expect(await count(achievements, [`${year}-01-01`, `${year + 1}-01-01`])).toBe(committed);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation = 'CreateAchievement'", [
        `batch-${jobId}`,
      ]),
    ).toBe(committed);
    return committed;
  }

  /** The rows the job's results hold, in order. */
  async function committedRows(jobId: number): Promise<number[]> {
    const rows = await running.gateway.dataSource.query('SELECT row_no FROM batch_job_results WHERE job_id = ? ORDER BY row_no', [
      jobId,
    ]);
    return rows.map((row: { row_no: number | string }) => Number(row.row_no));
  }

  /**
   * The rows of the job's parts that are done: a part holds the rows of its lane from its first
   * row to its last (docs/decisions/0095-batch-job-lanes.md), its lane being its first row's.
   */
  async function rowsOfDoneParts(jobId: number): Promise<number[]> {
    const [{ lanes }] = await running.gateway.dataSource.query('SELECT lanes FROM batch_jobs WHERE id = ?', [jobId]);
    const learners: { uln: string }[] = await running.gateway.dataSource.query(
      "SELECT uln FROM learners WHERE master_uln IS NULL AND uln LIKE '3%' ORDER BY uln",
    );
    // Row n of distinctAchievementRows names learner (n - 1) mod the learners.
    const place = laneOf('ACHIEVEMENT', Number(lanes), new Map());
    const laneOfRow = (n: number) => place({ rowNumber: n, fields: { Uln: learners[(n - 1) % learners.length].uln } });
    const parts: { first_row: number; last_row: number }[] = await running.gateway.dataSource.query(
      'SELECT first_row, last_row FROM batch_job_parts WHERE job_id = ? AND done = 1',
      [jobId],
    );
    const rows = parts.flatMap(({ first_row, last_row }) =>
      Array.from({ length: Math.min(Number(last_row), ROWS) - Number(first_row) + 1 }, (_, i) => Number(first_row) + i).filter(
        (n) => laneOfRow(n) === laneOfRow(Number(first_row)),
      ),
    );
    return rows.sort((a, b) => a - b);
  }

  async function finishWithAnotherWorker(jobId: number, year: number): Promise<void> {
    const worker = spawnWorker(database.url(), { BATCH_CHUNK_ROWS: String(CHUNK) });
    try {
      await until(
        async () => (await one('SELECT status FROM batch_jobs WHERE id = ?', [jobId])).status === 'SUCCESSFUL',
        120_000,
        'the job',
      );
    } finally {
      await killed(worker, 'SIGTERM');
    }
    expect(await expectConsistent(jobId, year)).toBe(ROWS);
  }

  test('commits the chunk in hand, releases the job and exits 0 within the deadline', async () => {
    const jobId = await submit('graceful.csv', 2016);
    const worker = spawnWorker(database.url(), { BATCH_CHUNK_ROWS: String(CHUNK), SHUTDOWN_DEADLINE_MS: '20000' });
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    await until(
      async () => Number((await one('SELECT next_row FROM batch_jobs WHERE id = ?', [jobId])).next_row) >= CHUNK,
      60_000,
      'a first chunk',
    );
    const atSignal = Number((await one('SELECT next_row FROM batch_jobs WHERE id = ?', [jobId])).next_row);
    const signalled = Date.now();
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);

    const committed = await expectConsistent(jobId, 2016);
    expect(committed).toBeGreaterThanOrEqual(atSignal);
    expect(await rowsOfDoneParts(jobId)).toEqual(await committedRows(jobId)); // stopped on a part's end: no half chunk
    expect(committed).toBeLessThan(ROWS);
    const job = await one('SELECT status, claimed_until FROM batch_jobs WHERE id = ?', [jobId]);
    expect(job.status).toBe('IN_PROGRESS');
    expect(new Date(job.claimed_until).getTime()).toBeLessThan(Date.now()); // released, not left to its lease

    await finishWithAnotherWorker(jobId, 2016);
  }, 240_000);

  // On SQLite a chunk runs synchronously (better-sqlite3), so the signal is only seen, and the
  // deadline only starts, at the chunk's end: there is no moment at which to force the exit.
  const onServerDatabase = database.name === 'sqlite' ? test.skip : test;
  onServerDatabase(
    'past SHUTDOWN_DEADLINE_MS exits non-zero and leaves nothing half-committed',
    async () => {
      const jobId = await submit('forced.csv', 2018);
      // Chunks far longer than the deadline: the process dies inside a chunk's transaction.
      const worker = spawnWorker(database.url(), { BATCH_CHUNK_ROWS: String(BIG_CHUNK), SHUTDOWN_DEADLINE_MS: '100' });
      const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
      await until(
        async () => (await one('SELECT claimed_by FROM batch_jobs WHERE id = ?', [jobId])).claimed_by !== null,
        60_000,
        'the claim',
      );
      const signalled = Date.now();
      worker.kill('SIGTERM');
      expect(await exited).toBe(1);
      expect(Date.now() - signalled).toBeLessThan(5000);
      const committed = await expectConsistent(jobId, 2018);
      expect(committed % BIG_CHUNK).toBe(0);
      expect(committed).toBeLessThan(ROWS);

      await finishWithAnotherWorker(jobId, 2018);
    },
    240_000,
  );
});
