import { Readable } from 'node:stream';
import { distinctAchievementRows } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { killed, spawnWorker, until } from '../support/worker-process';

const ROWS = 1200;

describe.each(eachDatabase({ sqliteFile: true }))('worker processes killed mid-job, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await running.gateway.dataSource.query(sql, params))[0].n);

  /** An achievement job of ROWS creates with distinct keys, awarded from `firstAwardDate` on. */
  const submitted = async (fileName: string, firstAwardDate: string) =>
    running.gateway.batches.service.submit(
      {
        type: 'ACHIEVEMENT',
        format: 'CSV',
        fileName,
        content: Readable.from([await distinctAchievementRows(running, ROWS, firstAwardDate)]),
        origin: 'ADMIN',
      },
      { principal: await principalOf(running.gateway.dataSource, 'rita.reeves'), correlationId: fileName, surface: 'admin' },
    );

  // One worker killed and restarted over and over: test/red-team/batch-jobs.test.ts (RT-BATCH-JOB).

  test('two workers on one job take it in turns; killing either at any moment leaves every row applied once, in row order', async () => {
    const job = await submitted('shared.csv', '2018-01-01');
    const committed = async () =>
      Number((await running.gateway.dataSource.query('SELECT next_row FROM batch_jobs WHERE id = ?', [job.id]))[0].next_row);
    const workers = [spawnWorker(database.url()), spawnWorker(database.url())];
    try {
      // Each kill hits one of the two, the job's holder or the one waiting for it; a fresh worker takes its place.
      for (const [i, killAt] of [200, 450, 700, 950].entries()) {
        await until(async () => (await committed()) >= killAt, 60_000, `row ${killAt}`);
        await killed(workers[i % 2]);
        workers[i % 2] = spawnWorker(database.url());
      }
      await until(
        async () =>
          (await running.gateway.dataSource.query('SELECT status FROM batch_jobs WHERE id = ?', [job.id]))[0].status ===
          'SUCCESSFUL',
        120_000,
        'the job to finish',
      );
    } finally {
      await Promise.all(workers.map((worker) => killed(worker, 'SIGTERM')));
    }
    const shared = `award_date >= '2018-01-01' AND aim_reference = '60356789'`;
    expect(await count(`SELECT COUNT(*) AS n FROM achievements WHERE ${shared}`)).toBe(ROWS);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.${shared.replace(' AND ', ' AND a.')} AND e.action = 'CREATE'`,
      ),
    ).toBe(ROWS);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation = 'CreateAchievement'", [
        `batch-${job.id}`,
      ]),
    ).toBe(ROWS);
    const outputs: string[] = [];
    for await (const result of running.gateway.batches.service.resultsOf(job)) {
      expect(result.outcome).toBe('CREATED');
      outputs.push(result.output.MisIdentifier as string);
    }
    expect(outputs).toEqual(Array.from({ length: ROWS }, (_, i) => `row-${i + 1}`));
    // The parts were worked by more than one worker: the job passed from a killed holder to the other.
    expect(
      await count('SELECT COUNT(DISTINCT claimed_by) AS n FROM batch_job_parts WHERE job_id = ?', [job.id]),
    ).toBeGreaterThanOrEqual(2);
    expect(await running.gateway.batches.store.find(job.id)).toMatchObject({
      rowsSucceeded: ROWS,
      rowsFailed: 0,
      rowCount: ROWS,
    });
  }, 300_000);
});
