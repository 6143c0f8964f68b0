import { admin } from '../support/admin-client';
import { submitAchievementJob } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { killed, spawnWorker, until } from '../support/worker-process';
import { aoVerify, codeOf, externalCall, lrsVerify } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const PASSWORD = 'Compat-Test-2026';

/** A clock that runs with real time, moved forward by seconds on demand. */
function steppingClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceSeconds(seconds: number) {
      offsetMs += seconds * 1000;
    },
  };
}

describe.each(eachDatabase({ sqliteFile: true }))('maintenance windows (WSEC0004), on %s', (_name, database) => {
  let running: RunningGateway;
  let other: RunningGateway;
  const otherClock = steppingClock();
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    // A second gateway process on the same database, keeping what it read of the windows for 30 s.
    other = await startGateway({
      alongside: running,
      clock: otherClock,
      env: { BATCH_WORKER_IN_PROCESS: 'false', MAINTENANCE_CACHE_SECONDS: '30', SEED_ON_START: 'false' },
    });
  });
  afterAll(async () => {
    await other.stop();
    await running.stop();
  });

  const switchOn = (body: Record<string, string> = { reason: 'Database upgrade' }) =>
    admin(running.baseUrl, 'POST', '/maintenance/windows', { ...OLGA, body });
  const switchOff = () => admin(running.baseUrl, 'POST', '/maintenance/switch-off', OLGA);

  test('switched on, every surface answers as the LRS out of hours, operators keep the admin API, and switched off all serve again', async () => {
    expect(await aoVerify(other.baseUrl, 'victor.vance', PASSWORD)).toBe('WSVRC001'); // the other process reads: open
    const on = await switchOn();
    expect(on.status).toBe(201);
    expect(on.body).toMatchObject({ endsAt: null, reason: 'Database upgrade' });

    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toBe('SERVICE_MAINTENANCE');
    expect(await lrsVerify(running.baseUrl, 'victor.vance')).toBe('WSEC0004');
    const external = await externalCall(running.baseUrl);
    expect(external.errorCode).toBe('WSEC0004');
    expect(external.explanation).toMatch(/^SERVICE_MAINTENANCE: /);
    const superUser = await admin(running.baseUrl, 'GET', '/users', { user: 'alice.archer' });
    expect([superUser.status, codeOf(superUser)]).toEqual([503, 'SERVICE_MAINTENANCE']);
    expect(superUser.headers.get('retry-after')).toBe('300');
    const operator = await admin(running.baseUrl, 'GET', '/maintenance', OLGA);
    expect(operator.body).toMatchObject({ inForce: on.body.id });
    const wsdl = await fetch(`${running.baseUrl}/soap/ao?wsdl`);
    expect(wsdl.status).toBe(200);

    // The other process still uses what it read, until its cache time has passed.
    expect(await aoVerify(other.baseUrl, 'victor.vance', PASSWORD)).toBe('WSVRC001');
    otherClock.advanceSeconds(31);
    expect(await aoVerify(other.baseUrl, 'victor.vance', PASSWORD)).toBe('SERVICE_MAINTENANCE');

    const off = await switchOff();
    expect(off.body).toEqual({ inForce: null, windows: [] });
    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toBe('WSVRC001');
    expect(await lrsVerify(running.baseUrl, 'victor.vance')).toBe('WSVRC001');
    expect((await admin(running.baseUrl, 'GET', '/users', { user: 'alice.archer' })).status).toBe(200);
    otherClock.advanceSeconds(31);
    expect(await aoVerify(other.baseUrl, 'victor.vance', PASSWORD)).toBe('WSVRC001');

    const audited = await running.gateway.dataSource.query(
      "SELECT operation, username FROM audit_entries WHERE operation IN ('ScheduleMaintenance', 'EndMaintenance') ORDER BY id",
    );
    expect(audited).toEqual([
      { operation: 'ScheduleMaintenance', username: 'olga.ortiz' },
      { operation: 'EndMaintenance', username: 'olga.ortiz' },
    ]);
  });

  test('a scheduled window starts and ends on time, and its Retry-After is the time to its end', async () => {
    const startsAt = new Date(Date.now() + 1500);
    const endsAt = new Date(startsAt.getTime() + 120_000);
    const scheduled = await switchOn({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: 'Patching' });
    expect(scheduled.status).toBe(201);
    expect(await aoVerify(running.baseUrl, 'victor.vance', PASSWORD)).toBe('WSVRC001');
    await until(async () => Date.now() > startsAt.getTime(), 5000, 'the window to start');
    const refused = await admin(running.baseUrl, 'GET', '/users', { user: 'alice.archer' });
    expect(codeOf(refused)).toBe('SERVICE_MAINTENANCE');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(100);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect((await switchOff()).body).toEqual({ inForce: null, windows: [] });
  });

  test('a window not yet started is cancelled; other refusals change nothing', async () => {
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const future = await switchOn({ startsAt: later(60), endsAt: later(120), reason: 'Tonight' });
    const refusals = [
      [await switchOn({ startsAt: later(60), endsAt: later(30), reason: 'Backwards' }), 400, 'MAINTENANCE_WINDOW_INVALID'],
      [await switchOn({ startsAt: later(-60), endsAt: later(-30), reason: 'Past' }), 400, 'MAINTENANCE_WINDOW_INVALID'],
      [await switchOn({ reason: '' }), 400, 'REQUEST_INVALID'],
      [
        await admin(running.baseUrl, 'POST', '/maintenance/windows', { user: 'alice.archer', body: { reason: 'x' } }),
        403,
        'ROLE_REQUIRED',
      ],
      [await admin(running.baseUrl, 'DELETE', '/maintenance/windows/999999', OLGA), 404, 'MAINTENANCE_WINDOW_NOT_FOUND'],
    ] as const;
    for (const [reply, status, code] of refusals) expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect((await admin(running.baseUrl, 'GET', '/maintenance', OLGA)).body).toMatchObject({
      inForce: null,
      windows: [{ id: future.body.id, reason: 'Tonight' }],
    });
    const cancelled = await admin(running.baseUrl, 'DELETE', `/maintenance/windows/${String(future.body.id)}`, OLGA);
    expect(cancelled.body).toEqual({ inForce: null, windows: [] });
  });

  test('batch workers put the job in hand down, claim no other, and resume when the window ends', async () => {
    const rows = 1200;
    const progress = async (id: number) =>
      (await running.gateway.dataSource.query('SELECT next_row, status FROM batch_jobs WHERE id = ?', [id]))[0];
    const first = await submitAchievementJob(running, rows, 'before-maintenance.csv');
    const worker = spawnWorker(database.url(), { BATCH_CHUNK_ROWS: '10', MAINTENANCE_CACHE_SECONDS: '0' });
    try {
      await until(async () => (await progress(first.id)).next_row >= 10, 60_000, 'the first chunks');
      await switchOn({ reason: 'Batch pause' });
      const second = await submitAchievementJob(running, 20, 'during-maintenance.csv');
      let stoppedAt = -1;
      await until(
        async () => {
          const before = (await progress(first.id)).next_row;
          await new Promise((resolve) => setTimeout(resolve, 300)); // several polls of the worker
          stoppedAt = (await progress(first.id)).next_row;
          return stoppedAt === before;
        },
        30_000,
        'the job to be put down',
      );
      expect(stoppedAt).toBeLessThan(rows);
      expect(await progress(second.id)).toMatchObject({ status: 'WAITING', next_row: 0 });

      await switchOff();
      await until(async () => (await progress(second.id)).status === 'SUCCESSFUL', 120_000, 'the second job');
      await until(async () => (await progress(first.id)).status === 'SUCCESSFUL', 120_000, 'the first job');
    } finally {
      await killed(worker, 'SIGTERM');
    }
  }, 240_000);
});
