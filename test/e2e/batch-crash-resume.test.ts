import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { ACHIEVEMENT_LAYOUT } from '../../src/batches/batch-layouts';
import { sqlDateTime } from '../../src/platform/data-source';
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

  // One worker killed and restarted over and over: test/red-team/batch-jobs.test.ts (RT-BATCH-JOB).

  /**
   * An achievement file of ROWS rows in which each key is created, then updated ten keys later,
   * withdrawn twenty keys later and reinstated thirty keys later: a follow-up applied before the
   * row it follows would be refused (not found, not withdrawn), so every row succeeding shows every
   * learner's rows applied in file order.
   */
  const followedUp = async (fileName: string, firstAwardDate: string) => {
    const learners: { uln: string; given_name: string; family_name: string }[] = await running.gateway.dataSource.query(
      "SELECT uln, given_name, family_name FROM learners WHERE master_uln IS NULL AND uln LIKE '3%' ORDER BY uln",
    );
    const key = (i: number) => {
      const learner = learners[i % learners.length];
      const day = new Date(Date.parse(firstAwardDate) + Math.floor(i / learners.length) * 86_400_000).toISOString().slice(0, 10);
      return {
        Uln: learner.uln,
        GivenName: learner.given_name,
        FamilyName: learner.family_name,
        UnitOrQualificationReferenceNumber: '603/5678/9',
        AchievementAwardDate: day,
      };
    };
    const rows: Record<string, string>[] = [];
    for (let i = 0; rows.length < ROWS; i++) {
      rows.push({ Action: '1', ...key(i), Grade: 'C', ActionDate: '2026-11-01' });
      if (i >= 10) rows.push({ Action: '2', ...key(i - 10), Grade: 'A', ActionDate: '2026-11-02' });
      if (i >= 20) rows.push({ Action: '3', ...key(i - 20), ActionDate: '2026-11-03', ActionReason: 'SUBINERROR' });
      if (i >= 30) rows.push({ Action: '4', ...key(i - 30), ActionDate: '2026-11-04', ActionReason: 'SUBINERROR' });
    }
    rows.length = ROWS;
    const csv = stringify(
      rows.map((row, i) => ACHIEVEMENT_LAYOUT.columns.map((c) => (c === 'MisIdentifier' ? `row-${i + 1}` : (row[c] ?? '')))),
      { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] },
    );
    const job = await running.gateway.batches.service.submit(
      { type: 'ACHIEVEMENT', format: 'CSV', fileName, content: Readable.from([csv]), origin: 'ADMIN' },
      { principal: await principalOf(running.gateway.dataSource, 'rita.reeves'), correlationId: fileName, surface: 'admin' },
    );
    return { job, rows };
  };

  test('two workers share one job, a lane each; killing either at any moment leaves every row applied once, in file order per learner, and the output in row order', async () => {
    const { job, rows } = await followedUp('shared.csv', '2018-01-01');
    const committed = async () =>
      Number((await running.gateway.dataSource.query('SELECT next_row FROM batch_jobs WHERE id = ?', [job.id]))[0].next_row);
    /** The most workers seen holding lanes of the job at one moment. */
    let mostSideBySide = 0;
    const sideBySide = async () => {
      const [{ n }] = await running.gateway.dataSource.query(
        'SELECT COUNT(DISTINCT claimed_by) AS n FROM batch_job_lanes WHERE job_id = ? AND done = 0 AND claimed_until > ?',
        [job.id, sqlDateTime(new Date())],
      );
      mostSideBySide = Math.max(mostSideBySide, Number(n));
    };
    const workers = [spawnWorker(database.url()), spawnWorker(database.url())];
    try {
      // Each kill hits one of the two while both work the job; a fresh worker takes its place.
      for (const [i, killAt] of [150, 300, 450, 600, 750, 900].entries()) {
        await until(
          async () => {
            await sideBySide();
            return (await committed()) >= killAt;
          },
          60_000,
          `row ${killAt}`,
        );
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
    const actions = ['CREATE', 'UPDATE', 'WITHDRAW', 'REINSTATE'];
    const rowsOf = (action: string) => rows.filter((row) => row.Action === String(actions.indexOf(action) + 1)).length;
    const shared = `a.award_date >= '2018-01-01' AND a.award_date < '2019-01-01' AND a.aim_reference = '60356789'`;
    expect(await count(`SELECT COUNT(*) AS n FROM achievements a WHERE ${shared}`)).toBe(rowsOf('CREATE'));
    for (const action of actions) {
      expect([
        action,
        await count(
          `SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE ${shared} AND e.action = ?`,
          [action],
        ),
      ]).toEqual([action, rowsOf(action)]);
    }
    const audited = await count('SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ?', [`batch-${job.id}`]);
    expect(audited).toBe(ROWS);
    const outputs: string[][] = [];
    for await (const result of running.gateway.batches.service.resultsOf(job)) {
      outputs.push([result.output.MisIdentifier as string, result.outcome]);
    }
    const done = ['CREATED', 'UPDATED', 'WITHDRAWN', 'REINSTATED'];
    expect(outputs).toEqual(rows.map((row, i) => [`row-${i + 1}`, done[Number(row.Action) - 1]]));
    // Both workers held lanes of the job at once, and the parts were committed by more than one worker.
    // (A killed worker's lease runs on for a moment, so up to three may be counted at once.)
    expect(mostSideBySide).toBeGreaterThanOrEqual(2);
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
