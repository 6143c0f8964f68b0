import type { DataSource } from 'typeorm';
import { createGateway, type Gateway } from '../../src/app';
import { SEED_ORGANISATIONS, SEED_USERS } from '../../src/compatibility/compatibility-organisations';
import { DATA_SOURCE_PARTS } from '../../src/schema-migrations';
import { openDataSource } from '../../src/platform/data-source';
import { underStartupLock } from '../../src/platform/startup-lock';
import { eachDatabase } from '../support/databases';
import { silentLogger, testConfig } from '../support/test-config';

/**
 * Replicas, workers and CLI commands that start together on one database: migrations and the
 * first-start seed run in one process at a time (src/platform/startup-lock.ts).
 */

const MIGRATION_COUNT = (DATA_SOURCE_PARTS.migrations as unknown[]).length;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(eachDatabase({ sqliteFile: true }))('the startup lock, on %s', (_name, database) => {
  const opened: DataSource[] = [];
  const open = async () => {
    const dataSource = await openDataSource(database.url(), DATA_SOURCE_PARTS);
    opened.push(dataSource);
    return dataSource;
  };

  beforeAll(async () => {
    await database.open({ migrated: false });
  });
  afterAll(async () => {
    await Promise.all(opened.filter((d) => d.isInitialized).map((d) => d.destroy()));
    await database.drop();
  });

  test('three gateways started together on an empty database all start; the migrations and the seed happen once', async () => {
    const config = testConfig({ DATABASE_URL: database.url(), SYNTHETIC_LEARNERS: '20', BATCH_WORKER_IN_PROCESS: 'false' });
    const gateways: Gateway[] = await Promise.all(
      [1, 2, 3].map(async () => createGateway(config, { dataSource: await open(), logger: silentLogger() })),
    );
    try {
      const [check] = opened;
      const migrations = (await check.query('SELECT name FROM migrations')) as { name: string }[];
      expect(migrations).toHaveLength(MIGRATION_COUNT);
      expect(new Set(migrations.map((m) => m.name)).size).toBe(MIGRATION_COUNT);
      const count = async (sql: string) => Number(((await check.query(sql)) as { n: unknown }[])[0].n);
      expect(await count("SELECT COUNT(*) AS n FROM app_settings WHERE `key` = 'compatibility_data_seeded_at'")).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM organisations')).toBe(SEED_ORGANISATIONS.length);
      expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(SEED_USERS.length);
    } finally {
      await Promise.all(gateways.map((g) => g.close()));
    }
  }, 120_000);

  test('a second process waits while the first holds the lock, and goes on when it lets go', async () => {
    const [first, second] = [await open(), await open()];
    const release = deferred();
    const entered: string[] = [];
    const one = underStartupLock(first, 30, async () => {
      entered.push('first');
      await release.promise;
      entered.push('first done');
    });
    await new Promise((r) => setTimeout(r, 100));
    const two = underStartupLock(second, 30, async () => {
      entered.push('second');
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(entered).toEqual(['first']);
    release.resolve();
    await Promise.all([one, two]);
    expect(entered).toEqual(['first', 'first done', 'second']);
  });

  test('one that waits longer than its timeout gives up with a message saying why, and holds nothing', async () => {
    const [first, second] = [await open(), await open()];
    const release = deferred();
    const holding = underStartupLock(first, 30, () => release.promise);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const work = jest.fn(async () => undefined);
    await expect(underStartupLock(second, 1, work)).rejects.toThrow(
      /another process has held the startup lock .* for over 1 s.*STARTUP_LOCK_TIMEOUT_SECONDS/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(work).not.toHaveBeenCalled();
    release.resolve();
    await holding;
    await expect(underStartupLock(second, 5, async () => 'mine')).resolves.toBe('mine');
  });

  test('work that fails lets go of the lock and its error reaches the caller', async () => {
    const [first, second] = [await open(), await open()];
    await expect(
      underStartupLock(first, 5, async () => {
        throw new Error('migration broke');
      }),
    ).rejects.toThrow('migration broke');
    const started = Date.now();
    await expect(underStartupLock(second, 5, async () => 'free')).resolves.toBe('free');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
