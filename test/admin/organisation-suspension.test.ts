import { dateFromSql } from '../../src/platform/data-source';
import { admin } from '../support/admin-client';
import { submitAchievementJob } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { killed, spawnWorker, until } from '../support/worker-process';
import { aoVerify, codeOf, externalCall, lrsVerify } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const AO_ONE = '10099901';

describe.each(eachDatabase({ sqliteFile: true }))('suspending an organisation (guide 1.3), on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  const suspend = (ukprn: string, reason: string, user = OLGA.user) =>
    admin(running.baseUrl, 'POST', `/organisations/${ukprn}/suspend`, { user, body: { reason } });
  const reactivate = (ukprn: string, reason: string) =>
    admin(running.baseUrl, 'POST', `/organisations/${ukprn}/reactivate`, { ...OLGA, body: { reason } });

  test('refuses its users on every surface at once, and reactivation lets them in again', async () => {
    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('WSVRC001');
    const suspended = await suspend(AO_ONE, 'Recognition withdrawn by Ofqual pending review');
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({
      ukprn: AO_ONE,
      status: 'SUSPENDED',
      statusReason: 'Recognition withdrawn by Ofqual pending review',
    });

    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('ORGANISATION_SUSPENDED');
    expect(await lrsVerify(running.baseUrl, 'victor.vance')).toBe('WSEC0006');
    const external = await externalCall(running.baseUrl);
    expect(external.errorCode).toBe('WSEC0006');
    expect(external.explanation).toMatch(/^ORGANISATION_SUSPENDED: /);
    const self = await admin(running.baseUrl, 'GET', '/users', { user: 'alice.archer' });
    expect([self.status, codeOf(self)]).toEqual([403, 'ORGANISATION_SUSPENDED']);
    // Another organisation is untouched.
    expect(await aoVerify(running.baseUrl, 'nadia.novak', 'Compat-Test-2026')).toBe('WSVRC001');

    const back = await reactivate(AO_ONE, 'Review closed');
    expect(back.body).toMatchObject({ status: 'ACTIVE', statusReason: 'Review closed' });
    expect(await aoVerify(running.baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('WSVRC001');
    expect(await lrsVerify(running.baseUrl, 'victor.vance')).toBe('WSVRC001');
    expect((await externalCall(running.baseUrl)).errorCode).toBe('WSRC0018');

    const audited = await running.gateway.dataSource.query(
      "SELECT operation, username, subject FROM audit_entries WHERE operation IN ('SuspendOrganisation', 'ReactivateOrganisation') ORDER BY id",
    );
    expect(audited).toEqual([
      {
        operation: 'SuspendOrganisation',
        username: 'olga.ortiz',
        subject: `${AO_ONE}: Recognition withdrawn by Ofqual pending review`,
      },
      { operation: 'ReactivateOrganisation', username: 'olga.ortiz', subject: `${AO_ONE}: Review closed` },
    ]);
  });

  test.each([
    ['without a reason', () => suspend(AO_ONE, ''), 400, 'REQUEST_INVALID'],
    ['by a super user', () => suspend(AO_ONE, 'Mine', 'alice.archer'), 403, 'ROLE_REQUIRED'],
    ['when already active', () => reactivate(AO_ONE, 'Again'), 409, 'ORGANISATION_STATUS_UNCHANGED'],
    ['for the operator organisation', () => suspend('10099900', 'Lock us out'), 409, 'ORGANISATION_STATUS_UNCHANGED'],
    ['for an unknown organisation', () => suspend('19999999', 'Who'), 404, 'ORGANISATION_NOT_FOUND'],
  ])('is refused %s, changing nothing', async (_what, call, status, code) => {
    const reply = await call();
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    const rows = await running.gateway.dataSource.query("SELECT status FROM organisations WHERE kind <> 'LRB' ORDER BY ukprn");
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
  });

  test('stops its running batch job at the next chunk, and the worker resumes it on reactivation', async () => {
    const rows = 1200;
    const job = await submitAchievementJob(running, rows, 'suspended.csv');
    const progress = async () =>
      (
        await running.gateway.dataSource.query('SELECT next_row, status, claimed_until FROM batch_jobs WHERE id = ?', [job.id])
      )[0];
    const worker = spawnWorker(database.url(), { BATCH_CHUNK_ROWS: '10' });
    try {
      await until(async () => (await progress()).next_row >= 10, 60_000, 'the first chunks');
      await suspend(AO_ONE, 'Suspended mid-batch');
      // The chunk in hand is committed, then the job is put down, unfinished.
      await until(
        async () => dateFromSql((await progress()).claimed_until).getTime() < 86_400_000,
        30_000,
        'the job to be released',
      );
      const stoppedAt = (await progress()).next_row;
      expect(stoppedAt).toBeLessThan(rows);
      await new Promise((resolve) => setTimeout(resolve, 500)); // several polls of the worker
      expect(await progress()).toMatchObject({ next_row: stoppedAt, status: 'IN_PROGRESS' });

      await reactivate(AO_ONE, 'Resolved');
      await until(async () => (await progress()).status === 'SUCCESSFUL', 120_000, 'the job to finish');
    } finally {
      await killed(worker, 'SIGTERM');
    }
    const results = await running.gateway.dataSource.query(
      "SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ? AND outcome = 'CREATED'",
      [job.id],
    );
    expect(Number(results[0].n)).toBe(rows);
  }, 240_000);
});
