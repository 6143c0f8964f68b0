import type { DataSource } from 'typeorm';
import { KNOWN_LEARNERS } from '../../src/compatibility/known-learners';
import { seedCompatibilityData } from '../../src/compatibility/seed';
import { LearnerRegister } from '../../src/learners/learner-register';
import { LearnerStore } from '../../src/learners/learner.store';
import { ReferenceData } from '../../src/learners/reference-data';
import { ReferenceListStore } from '../../src/learners/reference-list.store';
import { CachedAccountStore } from '../../src/platform/auth/cached-account-store';
import { type ChangeConcept, ChangeCounters } from '../../src/platform/cache/change-counters';
import { countingTriggers, keepCountingTriggers } from '../../src/platform/cache/counting-triggers';
import { systemClock } from '../../src/platform/clock';
import { openDataSource } from '../../src/platform/data-source';
import { Database } from '../../src/platform/database';
import { DATA_SOURCE_PARTS } from '../../src/schema-migrations';
import { SqlAccountStore } from '../../src/users/account.store';
import { eachDatabase } from '../support/databases';
import { seedTestData, testHasher, testSeal } from '../support/seeded';
import { countStatements } from '../support/statement-count';

const TABLE_OF_ALIAS: Record<string, string> = { u: 'users', o: 'organisations', r: 'user_roles' };

/**
 * A changed value for every column an account or an organisation is read from. A column the
 * reads take up that is missing here fails the test: the trigger of migration
 * 1765170000000-ChangeCounters must then watch it too.
 */
const CHANGED: Record<string, Record<string, string | number | null>> = {
  users: {
    username: 'victor.vance.renamed',
    status: 'SUSPENDED',
    password_hash: 'scrypt$changed',
    password_sealed: 'sealed-changed',
    password_changed_at: '2020-01-01 00:00:00.000',
    password_is_one_time: 1,
    failed_attempts: 2,
    agreement_accepted_at: null,
    agreement_version: 'another version',
    secret_answer_hash: 'scrypt$changed-answer',
  },
  organisations: {
    ukprn: '10099998',
    organisation_ref: 'ZZZ999',
    kind: 'AO',
    status: 'SUSPENDED',
    ws_password_hash: 'scrypt$changed-ws',
  },
};
/** Read, but moving no counter: a login recorded must not empty every cache (cached-account-store.ts). */
const UNCOUNTED = new Set(['users.last_login_at']);
/** Keys the rows are found by, never changed. */
const KEYS = new Set(['users.id', 'users.organisation_id', 'organisations.id', 'user_roles.user_id', 'user_roles.role']);

/** The columns of users, organisations and user_roles that the account reads take up, from the statements they send. */
async function columnsReadForAccounts(dataSource: DataSource): Promise<string[]> {
  const store = new SqlAccountStore(new Database(dataSource));
  const counter = countStatements();
  try {
    await store.findByUsername('victor.vance');
    await store.findOrganisation({ ukprn: '10099901' });
    await store.findOrganisation({ organisationRef: 'AOB001' });
  } finally {
    counter.restore();
  }
  const columns = new Set<string>();
  for (const sql of counter.statements()) {
    for (const [, alias, column] of sql.matchAll(/\b([uor])\.(\w+)/g)) columns.add(`${TABLE_OF_ALIAS[alias]}.${column}`);
    const plain = /SELECT (.+) FROM organisations WHERE (\w+) = \?/s.exec(sql);
    if (plain) for (const column of [...plain[1].split(','), plain[2]]) columns.add(`organisations.${column.trim()}`);
  }
  return [...columns].sort();
}

describe.each(eachDatabase({ sqliteFile: true }))('change counters on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let counters: ChangeCounters;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
    counters = new ChangeCounters(db);
  });
  afterAll(() => database.drop());

  /** Which counters `write` moves. */
  async function moved(write: () => Promise<unknown>): Promise<ChangeConcept[]> {
    const before = (await counters.read()).versions;
    await write();
    const after = (await counters.read()).versions;
    return (Object.keys(before) as ChangeConcept[]).filter((concept) => after[concept] !== before[concept]);
  }

  test('every column an account or organisation is read from moves the accounts counter when it changes', async () => {
    const columns = await columnsReadForAccounts(dataSource);
    expect(columns).toEqual(expect.arrayContaining(['users.status', 'users.password_hash', 'organisations.status']));
    const [user] = await dataSource.query("SELECT id FROM users WHERE username = 'victor.vance'");
    const [school] = await dataSource.query("SELECT id FROM organisations WHERE ukprn = '10099903'");
    const idOf: Record<string, number> = { users: user.id, organisations: school.id };
    const checked: string[] = [];
    for (const column of columns.filter((c) => !KEYS.has(c) && !UNCOUNTED.has(c))) {
      const [table, name] = column.split('.');
      if (!(name in (CHANGED[table] ?? {}))) throw new Error(`${column} is read for accounts: give it a changed value here`);
      const update = () => dataSource.query(`UPDATE ${table} SET ${name} = ? WHERE id = ?`, [CHANGED[table][name], idOf[table]]);
      expect([column, await moved(update)]).toEqual([column, ['accounts']]);
      checked.push(column);
    }
    expect(checked.length).toBeGreaterThanOrEqual(14);
    // A user moved to another organisation is a change of account as well.
    expect(
      await moved(() => dataSource.query('UPDATE users SET organisation_id = ? WHERE id = ?', [school.id, user.id])),
    ).toEqual(['accounts']);
  });

  test('after the migrations every counting trigger is in place as defined, and a dropped one is made again', async () => {
    const sqlite = db.sqlite;
    expect(await keepCountingTriggers(dataSource, sqlite)).toEqual([]);
    expect(countingTriggers(sqlite)).toHaveLength(21);
    // As a later migration's table rebuild does on SQLite.
    await dataSource.query('DROP TRIGGER organisations_update_counted');
    expect(await moved(() => dataSource.query("UPDATE organisations SET status = 'SUSPENDED' WHERE ukprn = '10099902'"))).toEqual(
      [],
    );
    expect(await keepCountingTriggers(dataSource, sqlite)).toEqual(['organisations_update_counted']);
    expect(await moved(() => dataSource.query("UPDATE organisations SET status = 'ACTIVE' WHERE ukprn = '10099902'"))).toEqual([
      'accounts',
    ]);
  });

  test('setting a column to the value it holds moves nothing', async () => {
    expect(
      await moved(() =>
        dataSource.query("UPDATE users SET status = status, password_hash = password_hash WHERE username = 'alice.archer'"),
      ),
    ).toEqual([]);
  });

  test('a login recorded moves no counter; a wrong password and its clearing move the accounts counter', async () => {
    const store = new SqlAccountStore(db);
    const [{ id }] = await dataSource.query("SELECT id FROM users WHERE username = 'olga.ortiz'");
    expect(await moved(() => store.recordLogin(id, new Date()))).toEqual([]);
    expect(await moved(() => store.recordFailedAttempt(id, 3))).toEqual(['accounts']);
    expect(await moved(() => store.clearFailedAttempts(id))).toEqual(['accounts']);
    expect(await moved(() => store.clearFailedAttempts(id))).toEqual([]); // nothing to clear
  });

  test('roles given, changed and taken away move the accounts counter', async () => {
    const [{ id }] = await dataSource.query("SELECT id FROM users WHERE username = 'leo.lyons'");
    expect(await moved(() => dataSource.query("INSERT INTO user_roles (user_id, role) VALUES (?, 'LRB_USER')", [id]))).toEqual([
      'accounts',
    ]);
    expect(
      await moved(() =>
        dataSource.query("UPDATE user_roles SET role = 'QCF_USER' WHERE user_id = ? AND role = 'LRB_USER'", [id]),
      ),
    ).toEqual(['accounts']);
    expect(await moved(() => dataSource.query("DELETE FROM user_roles WHERE user_id = ? AND role = 'QCF_USER'", [id]))).toEqual([
      'accounts',
    ]);
  });

  test('learners written, in bulk or by hand, move the learners counter and nothing else', async () => {
    const sample = KNOWN_LEARNERS[0];
    expect(await moved(() => db.transaction(() => new LearnerStore(db).upsert([{ ...sample, givenName: 'Changed' }])))).toEqual([
      'learners',
    ]);
    expect(
      await moved(() => dataSource.query('UPDATE learners SET family_name = ? WHERE uln = ?', ['Other', sample.uln])),
    ).toEqual(['learners']);
    expect(await moved(() => db.transaction(() => new LearnerStore(db).upsert([sample])))).toEqual(['learners']);
  });

  test('each reference list replaced moves the reference_lists counter and nothing else', async () => {
    for (const replace of [
      () => db.transaction(() => new ReferenceListStore(db).replaceSynonyms([['james', 'jim']])),
      () => db.transaction(() => new ReferenceListStore(db).replaceProhibitedPostcodes(['HU6 7TA'])),
      () => db.transaction(() => new ReferenceListStore(db).replaceProhibitedText(['Unknown'])),
    ]) {
      expect(await moved(replace)).toEqual(['reference_lists']);
    }
  });

  test('reloading the compatibility data set moves all three', async () => {
    const reload = () =>
      seedCompatibilityData(db, { hasher: testHasher, seal: testSeal, clock: systemClock, syntheticLearnerCount: 50 }, true);
    expect((await moved(reload)).sort()).toEqual(['accounts', 'learners', 'reference_lists']);
  });

  describe('as seen by another process on the same database', () => {
    let elsewhere: DataSource;
    let other: Database;
    beforeAll(async () => {
      elsewhere = await openDataSource(database.url(), DATA_SOURCE_PARTS);
      other = new Database(elsewhere);
    });
    afterAll(() => elsewhere.destroy());

    test('a learner cached here is read again once another process changes any learner, and only then', async () => {
      const register = new LearnerRegister(db, { counters, capacity: 100 });
      const sample = KNOWN_LEARNERS[0];
      const read = async () => {
        const counter = countStatements();
        try {
          const { held } = await register.findForVerification(sample.uln);
          return { familyName: held?.familyName, statements: counter.count() };
        } finally {
          counter.restore();
        }
      };
      expect((await read()).familyName).toBe(sample.familyName);
      expect(await read()).toEqual({ familyName: sample.familyName, statements: 1 }); // the counters alone
      await other.transaction(() => new LearnerStore(other).upsert([{ ...sample, familyName: 'Elsewhere' }]));
      expect((await read()).familyName).toBe('Elsewhere');
      await other.transaction(() => new LearnerStore(other).upsert([sample]));
      expect((await read()).familyName).toBe(sample.familyName);
    });

    test('the reference lists held here are read again once another process replaces one', async () => {
      const lists = new ReferenceData(db, counters);
      await other.transaction(() => new ReferenceListStore(other).replaceProhibitedText(['Unknown']));
      expect((await lists.learnerDataLists()).prohibitedText.find('an Unknown person')).toBeDefined();
      await other.transaction(() => new ReferenceListStore(other).replaceProhibitedText(['Not Known']));
      expect((await lists.learnerDataLists()).prohibitedText.find('an Unknown person')).toBeUndefined();
      expect((await lists.learnerDataLists()).prohibitedText.find('Not Known at all')).toBeDefined();
    });

    test('an account cached here is read again once another process suspends it', async () => {
      const accounts = new CachedAccountStore(new SqlAccountStore(db), counters, 100);
      expect((await accounts.findByUsername('nadia.novak'))?.status).toBe('ACTIVE');
      await other.run("UPDATE users SET status = 'SUSPENDED' WHERE username = 'nadia.novak'");
      expect((await accounts.findByUsername('nadia.novak'))?.status).toBe('SUSPENDED');
    });
  });
});
