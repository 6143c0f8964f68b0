import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { LearnerSearchKeys1765181000000 } from '../../migrations/1765181000000-LearnerSearchKeys';
import { growSyntheticLearners } from '../../src/compatibility/grow-learners';
import { importLearnersCsv } from '../../src/learners/learner-import';
import { LearnerStore } from '../../src/learners/learner.store';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { searchKeysOf } from '../../src/learners/search-keys';
import { fixedClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { auditTrail, seedTestData } from '../support/seeded';

const clock = fixedClock('2026-11-28T12:00:00Z');

/** Every write of the register files its learners under their search keys in the same transaction (decision 0079). */
describe.each(eachDatabase())('search keys kept in step with the Learner Register on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  const keysOf = async (uln: string) =>
    (
      (await dataSource.query('SELECT date_of_birth, name_key FROM learner_search_keys WHERE uln = ? ORDER BY name_key', [
        uln,
      ])) as {
        date_of_birth: string;
        name_key: string;
      }[]
    ).map((row) => `${row.date_of_birth} ${row.name_key}`);
  const unfiled = async () =>
    Number(
      (
        await dataSource.query(
          'SELECT COUNT(*) AS n FROM learners l WHERE NOT EXISTS (SELECT 1 FROM learner_search_keys k WHERE k.uln = l.uln)',
        )
      )[0].n,
    );

  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
  });
  afterAll(() => database.drop());

  test('seeding files every learner, known and synthetic, under the keys of its names', async () => {
    expect(await unfiled()).toBe(0);
    expect(await keysOf('1026893096')).toEqual(
      searchKeysOf({
        givenName: 'Sample',
        preferredGivenName: 'Sample',
        familyName: 'Testname',
        previousFamilyName: 'OLDTESTNAME',
      })
        .sort()
        .map((key) => `1976-08-16 ${key}`),
    );
  });

  test('a learner written again is filed under its new names and date of birth only', async () => {
    const [row] = await dataSource.query('SELECT * FROM learners WHERE uln = ?', ['2000000087']);
    await db.transaction(() =>
      new LearnerStore(db).upsert([
        {
          uln: '2000000087',
          givenName: 'James',
          familyName: 'Jones',
          dateOfBirth: '2001-02-04',
          gender: 1,
          lastKnownPostCode: row.postcode,
          abilityToShare: 1,
          learnerStatus: 1,
          createdDate: row.created_date,
          lastUpdatedDate: '2026-11-28',
        },
      ]),
    );
    expect(await keysOf('2000000087')).toEqual(
      searchKeysOf({ givenName: 'James', familyName: 'Jones' })
        .sort()
        .map((key) => `2001-02-04 ${key}`),
    );
  });

  test('a write that fails files nothing: the keys roll back with the records', async () => {
    const before = await keysOf('1026893096');
    await expect(
      db.transaction(async () => {
        const [row] = await db.query<Record<string, string>[]>('SELECT * FROM learners WHERE uln = ?', ['1026893096']);
        await new LearnerStore(db).upsert([
          {
            uln: '1026893096',
            givenName: 'Changed',
            familyName: 'Person',
            dateOfBirth: row.date_of_birth,
            gender: 2,
            lastKnownPostCode: row.postcode,
            abilityToShare: 1,
            learnerStatus: 1,
            createdDate: row.created_date,
            lastUpdatedDate: '2026-11-28',
          },
        ]);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await keysOf('1026893096')).toEqual(before);
  });

  test('grow-learners files the learners it adds', async () => {
    const report = await growSyntheticLearners(db, 300);
    expect(report.added).toBeGreaterThan(0);
    expect(await unfiled()).toBe(0);
  });

  test('import-learners files the learners it imports', async () => {
    const file = path.join(os.tmpdir(), `lrs-import-${process.pid}.csv`);
    fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'learners', 'register-import.csv'), file);
    try {
      await importLearnersCsv(db, file, {
        referenceData: new ReferenceData(db, new ChangeCounters(db)),
        clock,
        audit: auditTrail(dataSource, clock),
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(await keysOf('2000000710')).toEqual(
      searchKeysOf({ givenName: 'Priya', familyName: 'Sharma' })
        .sort()
        .map((key) => `2005-05-05 ${key}`),
    );
    expect(await unfiled()).toBe(0);
  });

  test('the migration files the learners already on the register', async () => {
    // Its own down and up, on a register that holds learners: later migrations stay as they are.
    const migration = new LearnerSearchKeys1765181000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await unfiled()).toBe(0);
    expect(await keysOf('2000000710')).toHaveLength(searchKeysOf({ givenName: 'Priya', familyName: 'Sharma' }).length);
  });
});
