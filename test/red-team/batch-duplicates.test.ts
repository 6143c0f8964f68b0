import { distinctAchievementRows, runWorker } from '../support/batch-helpers';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { batchTableCounts, healthy, uploadBatch } from '../support/hostile-batches';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const ROUNDS = 10;
const AT_ONCE = 8;

describe.each(eachDatabase())('duplicate batch files on %s', (_name, database) => {
  let running: RunningGateway;
  /** One single-row achievement file per round, each creating a different learner's achievement. */
  let files: string[];
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    const [heading, ...rows] = (await distinctAchievementRows(running, ROUNDS + 2)).trim().split('\n');
    files = rows.map((row) => `${heading}\n${row}\n`);
  });
  afterAll(() => running.stop());

  const createEvents = async () =>
    Number(
      (
        await running.gateway.dataSource.query(
          "SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.aim_reference = '60356789' AND e.action = 'CREATE'",
        )
      )[0].n,
    );

  it('[RT-BATCH-DUP-01] eight concurrent uploads of the same achievement file, ten rounds: one job each round, the others refused as duplicates, every event applied once', async () => {
    const eventsBefore = await createEvents();
    for (let round = 0; round < ROUNDS; round++) {
      const before = await batchTableCounts(running);
      const replies = await Promise.all(
        Array.from({ length: AT_ONCE }, () =>
          uploadBatch(running, { user: 'rita.reeves', type: 'ACHIEVEMENT', format: 'CSV', content: files[round] }),
        ),
      );
      const accepted = replies.filter((reply) => reply.status === 202);
      expect([round, accepted.length]).toEqual([round, 1]);
      for (const reply of replies.filter((r) => r.status !== 202)) {
        expect(reply.status).toBe(409);
        expect(reply.body.error).toMatchObject({
          code: 'BATCH_DUPLICATE_FILE',
          message: `This file was already submitted as batch job ${accepted[0].body.jobId}`,
        });
      }
      const after = await batchTableCounts(running);
      expect(after.batch_jobs).toBe(before.batch_jobs + 1);
      expect(after.batch_job_chunks).toBe(before.batch_job_chunks + 1);
    }
    await runWorker(running);
    expect(await createEvents()).toBe(eventsBefore + ROUNDS);
    expect(await healthy(running)).toBe(200);
  }, 120_000);

  it('[RT-BATCH-DUP-02] a cancelled achievement job gives up its file, which may then be sent again once, and only once', async () => {
    const file = files[ROUNDS];
    const first = await uploadBatch(running, { user: 'rita.reeves', type: 'ACHIEVEMENT', format: 'CSV', content: file });
    expect(first.status).toBe(202);
    const again = await uploadBatch(running, { user: 'rita.reeves', type: 'ACHIEVEMENT', format: 'CSV', content: file });
    expect(again.body.error).toMatchObject({ code: 'BATCH_DUPLICATE_FILE' });
    const cancelled = await admin(running.baseUrl, 'POST', `/batches/${first.body.jobId}/cancel`, { user: 'rita.reeves' });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    const replies = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        uploadBatch(running, { user: 'rita.reeves', type: 'ACHIEVEMENT', format: 'CSV', content: file }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([202, ...Array(AT_ONCE - 1).fill(409)]);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-DUP-03] the same verify file sent eight times at once is accepted every time, later copies flagged, as before', async () => {
    const file = 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nD,1026893096,Testname,Sample,1976-08-16,2\n';
    const replies = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: file }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(AT_ONCE).fill(202));
    const last = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: file });
    expect(last.body.duplicateOfJobId).toBe(Math.min(...replies.map((r) => r.body.jobId as number)));
    expect(await healthy(running)).toBe(200);
  });
});
