import type { DataSource } from 'typeorm';
import { growSyntheticLearners } from '../../src/compatibility/grow-learners';
import { FOR_VERIFICATION, FULL_RECORDS, LINKED_TO } from '../../src/learners/learner.store';
import { RECENT_SEARCHES } from '../../src/learners/recent-learner-search.store';
import { SAME_BIRTH_AND_GENDER } from '../../src/learners/registration.store';
import { FILED_UNDER, FORGET_KEYS } from '../../src/learners/search-key.store';
import { nameSoundKeys } from '../../src/learners/search-keys';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { seedTestData } from '../support/seeded';

/**
 * Every statement that finds learners or keeps their search keys reads through an index, never a
 * whole table (docs/decisions/0079-finding-learners-by-search-keys.md): EXPLAIN QUERY PLAN on
 * SQLite, EXPLAIN on MariaDB, over a register of a few thousand learners with fresh statistics.
 */

const KEYS = [...nameSoundKeys('Sample'), ...nameSoundKeys('Testname'), ...nameSoundKeys('Oldtestname')];
const ULNS = ['1026893096', '4444599390', '6936002314'];

const STATEMENTS: [string, string, unknown[]][] = [
  ['the learners filed under a date of birth and name keys', FILED_UNDER(KEYS.length, 201), ['1976-08-16', ...KEYS]],
  ['records and their masters by ULN', `${FOR_VERIFICATION} (?, ?, ?)`, ULNS],
  ['whole records by ULN', `${FULL_RECORDS} (?, ?, ?)`, ULNS],
  ['the ULNs linked to masters', `${LINKED_TO} (?, ?)`, ['6936002314', '1026893096']],
  ["a learner's keys, before they are filed again", FORGET_KEYS(3), ULNS],
  ['a registration: learners with the same date of birth and gender', SAME_BIRTH_AND_GENDER, ['1976-08-16', 2]],
  [
    "a registration: the organisation's searches for the same details",
    RECENT_SEARCHES,
    [1, 'a'.repeat(64), '2026-01-01 00:00:00.000'],
  ],
];

interface SqlitePlanRow {
  detail: string;
}
interface MariaDbPlanRow {
  table: string;
  type: string | null;
  key: string | null;
  Extra: string | null;
}

describe.each(eachDatabase())('finding learners reads indexes, never whole tables, on %s', (name, database) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    await growSyntheticLearners(new Database(dataSource), 3000);
    if (name === 'mariadb') await dataSource.query('ANALYZE TABLE learners, learner_search_keys');
    else await dataSource.query('ANALYZE');
  }, 120_000);
  afterAll(() => database.drop());

  test.each(STATEMENTS)('%s', async (_what, sql, parameters) => {
    if (name === 'sqlite') {
      const plan = (await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as SqlitePlanRow[];
      const details = plan.map((row) => row.detail);
      // SEARCH … USING (COVERING) INDEX …: a range of an index; SCAN <table>: every row.
      expect(details.filter((d) => /^SCAN (?!CONSTANT ROW)/.test(d))).toEqual([]);
      expect(details.some((d) => /^SEARCH \S+ USING (COVERING )?INDEX /.test(d))).toBe(true);
    } else {
      const plan = (await dataSource.query(`EXPLAIN ${sql}`, parameters)) as MariaDbPlanRow[];
      // type ALL reads every row, index every entry of an index; each table must be reached through a key.
      expect(
        plan.map((row) => [row.table, row.type === 'ALL' || row.type === 'index' || row.key === null ? 'SCAN' : 'KEY']),
      ).toEqual(plan.map((row) => [row.table, 'KEY']));
    }
  });

  test('the search reads the primary key of learner_search_keys (date of birth, key) and nothing of learners', async () => {
    const sql = FILED_UNDER(KEYS.length, 201);
    const plan = JSON.stringify(
      await dataSource.query(`EXPLAIN ${name === 'sqlite' ? 'QUERY PLAN ' : ''}${sql}`, ['1976-08-16', ...KEYS]),
    );
    expect(plan).toMatch(
      name === 'sqlite' ? /sqlite_autoindex_learner_search_keys_1 \(date_of_birth=\? AND name_key=\?\)/ : /"key":"PRIMARY"/,
    );
    expect(plan).not.toMatch(/"table":"learners"|SEARCH learners /);
  });
});
