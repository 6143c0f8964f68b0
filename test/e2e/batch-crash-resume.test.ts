import { submitAchievementJob } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { killed, spawnWorker, until } from '../support/worker-process';

const ROWS = 1200;

describe.each(eachDatabase({ sqliteFile: true }))('a worker process killed mid-job, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await running.gateway.dataSource.query(sql, params))[0].n);

  test('is restarted, resumes where it stopped, and applies every row exactly once', async () => {
    const job = await submitAchievementJob(running, ROWS, 'crash.csv');
    const progress = async () =>
      (await running.gateway.dataSource.query('SELECT next_row, status FROM batch_jobs WHERE id = ?', [job.id]))[0];
    const kills: number[] = [];
    for (const killAt of [1, 300, 700, 1000]) {
      const worker = spawnWorker(database.url());
      await until(async () => (await progress()).next_row >= killAt, 60_000, `row ${killAt}`);
      await killed(worker); // SIGKILL: no chance to finish the chunk in hand
      kills.push((await progress()).next_row);
    }
    const last = spawnWorker(database.url());
    try {
      await until(async () => (await progress()).status === 'SUCCESSFUL', 120_000, 'the job to finish');
    } finally {
      await killed(last, 'SIGTERM');
    }
    expect(kills.every((row, i) => i === 0 || row >= kills[i - 1])).toBe(true);
    expect(await count('SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ?', [job.id])).toBe(ROWS);
    expect(await count('SELECT COUNT(DISTINCT row_no) AS n FROM batch_job_results WHERE job_id = ?', [job.id])).toBe(ROWS);
    expect(await count("SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ? AND outcome = 'CREATED'", [job.id])).toBe(
      ROWS,
    );
    expect(await count("SELECT COUNT(*) AS n FROM achievements WHERE aim_reference = '60356789'")).toBe(ROWS);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.aim_reference = '60356789' AND e.action = 'CREATE'",
      ),
    ).toBe(ROWS);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation = 'CreateAchievement'", [
        `batch-${job.id}`,
      ]),
    ).toBe(ROWS);
    const final = (
      await running.gateway.dataSource.query(
        'SELECT rows_succeeded, rows_failed, row_count, attempts FROM batch_jobs WHERE id = ?',
        [job.id],
      )
    )[0];
    expect(final).toMatchObject({ rows_succeeded: ROWS, rows_failed: 0, row_count: ROWS });
    expect(Number(final.attempts)).toBeGreaterThanOrEqual(5);
  }, 300_000);
});
