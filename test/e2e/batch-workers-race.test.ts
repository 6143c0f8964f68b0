import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { killed, spawnWorker, until } from '../support/worker-process';

const JOBS = 8;
const ROWS_PER_JOB = 150;

describe.each(eachDatabase({ sqliteFile: true }))('two worker processes racing for jobs on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  test('every job is processed, every row once, the two workers sharing the work', async () => {
    const principal = await principalOf(running.gateway.dataSource, 'barbara.bates');
    const context = { principal, correlationId: 'race-test', surface: 'admin' as const };
    const ids: number[] = [];
    for (let j = 0; j < JOBS; j++) {
      const rows = Array.from({ length: ROWS_PER_JOB }, (_, i) => [
        `job${j}-row${i}`,
        '1026893096',
        'Testname',
        'Sample',
        '',
        '',
      ]);
      const csv = stringify(rows, { header: true, columns: [...VERIFY_LAYOUT.columns] });
      const job = await running.gateway.batches.service.submit(
        { type: 'VERIFY_LEARNER', format: 'CSV', fileName: `race-${j}.csv`, content: Readable.from([csv]), origin: 'ADMIN' },
        context,
      );
      ids.push(job.id);
    }
    const workers = [spawnWorker(database.url()), spawnWorker(database.url())];
    const placeholders = ids.map(() => '?').join(', ');
    try {
      await until(
        async () =>
          Number(
            (
              await running.gateway.dataSource.query(
                `SELECT COUNT(*) AS n FROM batch_jobs WHERE id IN (${placeholders}) AND status = 'SUCCESSFUL'`,
                ids,
              )
            )[0].n,
          ) === JOBS,
        120_000,
        'every job to finish',
      );
    } finally {
      await Promise.all(workers.map((w) => killed(w, 'SIGTERM')));
    }
    const jobs = await running.gateway.dataSource.query(
      `SELECT id, attempts, rows_succeeded, rows_failed, claimed_by FROM batch_jobs WHERE id IN (${placeholders})`,
      ids,
    );
    for (const job of jobs) expect(job).toMatchObject({ rows_succeeded: ROWS_PER_JOB, rows_failed: 0 });
    // Each worker takes a job up at most once while it has work; a job may be shared by both.
    for (const job of jobs) expect([1, 2]).toContain(Number(job.attempts));
    const results = await running.gateway.dataSource.query(
      `SELECT job_id, COUNT(*) AS n, COUNT(DISTINCT row_no) AS d FROM batch_job_results WHERE job_id IN (${placeholders}) GROUP BY job_id`,
      ids,
    );
    expect(results.map((r: { n: number | string; d: number | string }) => [Number(r.n), Number(r.d)])).toEqual(
      Array.from({ length: JOBS }, () => [ROWS_PER_JOB, ROWS_PER_JOB]),
    );
  }, 240_000);
});
