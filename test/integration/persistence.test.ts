import { eachDatabase } from '../support/databases';
import { seedTestData } from '../support/seeded';
import { Database } from '../../src/platform/database';
import type { DataSource } from 'typeorm';
import { migrate } from '../../src/platform/migrate';

describe.each(eachDatabase())('persistence on %s', (_name, database) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
  });
  afterAll(() => database.drop());

  test('the audit trail is append-only in the database itself', async () => {
    await dataSource.query(
      "INSERT INTO audit_entries (occurred_at, correlation_id, surface, operation, outcome) VALUES ('2026-01-01 00:00:00.000', 'c', 'cli', 'Test', 'OK')",
    );
    await expect(dataSource.query("UPDATE audit_entries SET outcome = 'CHANGED'")).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
  });

  test.each([
    [
      'a second organisation with the same UKPRN',
      "INSERT INTO organisations (ukprn, name, kind, status, version) VALUES ('10099901', 'Copy', 'AO', 'ACTIVE', 1)",
    ],
    [
      'a second learner with the same ULN',
      "INSERT INTO learners (uln, given_name, family_name, postcode, date_of_birth, gender, created_date, last_updated_date) VALUES ('1026893096', 'A', 'B', 'CV4 9EE', '2000-01-01', 1, '2020-01-01', '2020-01-01')",
    ],
    [
      'a second user with the same username',
      "INSERT INTO users (organisation_id, username, given_name, family_name, email, password_hash, password_changed_at, version) VALUES (1, 'victor.vance', 'V', 'V', 'v@x.example', 'h', '2026-01-01 00:00:00', 1)",
    ],
  ])('the database refuses %s', async (_what, sql) => {
    await expect(dataSource.query(sql)).rejects.toThrow();
  });

  test('seeding twice changes nothing; forcing reloads without duplicates', async () => {
    const count = async () => (await dataSource.query('SELECT COUNT(*) AS n FROM learners'))[0].n;
    const before = Number(await count());
    await seedTestData(dataSource);
    expect(Number(await count())).toBe(before);
  });

  test('every migration rolls back, and they all apply again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables: unknown[] = await dataSource.query(
      dataSource.options.type === 'better-sqlite3'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('learners', 'achievements')"
        : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('learners', 'achievements')",
    );
    expect(tables).toHaveLength(0);
    await migrate(dataSource);
    await seedTestData(dataSource);
    expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM learners'))[0].n)).toBeGreaterThan(50);
  });
});

describe.each(eachDatabase())('transactions on %s', (_name, database) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
  });
  afterAll(() => database.drop());

  test('a failing transaction rolls back only its own work, while other writes go on around it', async () => {
    const db = new Database(dataSource);
    const insert = (key: string) => db.run('INSERT INTO app_settings (`key`, value) VALUES (?, ?)', [key, 'x']);
    const failing = db.transaction(async () => {
      await insert('doomed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back on purpose');
    });
    const survivors = Promise.all([
      db.run('INSERT INTO app_settings (`key`, value) VALUES (?, ?)', ['written-alongside', 'x']),
      db.transaction(() => insert('committed-alongside')),
    ]);
    await expect(failing).rejects.toThrow('rolled back on purpose');
    await survivors;
    const keys = (await dataSource.query('SELECT `key` FROM app_settings ORDER BY `key`')).map((r: { key: string }) => r.key);
    expect(keys).toEqual(['committed-alongside', 'written-alongside']);
  });
});
