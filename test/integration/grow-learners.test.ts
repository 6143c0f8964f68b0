import type { DataSource } from 'typeorm';
import { growSyntheticLearners } from '../../src/compatibility/grow-learners';
import { syntheticLearners } from '../../src/compatibility/synthetic-learners';
import { KNOWN_ULNS } from '../../src/compatibility/seed';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { seedTestData } from '../support/seeded';

/** seedTestData loads 50 synthetic learners, as a first start with SYNTHETIC_LEARNERS=50 would. */
describe.each(eachDatabase())('grow-learners on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
  });
  afterAll(() => database.drop());

  const users = () => dataSource.query('SELECT username, password_hash, status FROM users ORDER BY username');
  const learners = () =>
    dataSource.query('SELECT uln, given_name, family_name, date_of_birth, gender FROM learners ORDER BY uln');
  const ulns = async () => new Set(((await learners()) as { uln: string }[]).map((l) => l.uln));

  test('the learners already there are counted, not added again', async () => {
    const before = await learners();
    expect(await growSyntheticLearners(db, 50)).toEqual({ wanted: 50, added: 0, alreadyThere: 50 });
    expect(await learners()).toEqual(before);
  });

  test('a larger number adds the next learners of the same sequence, and leaves users and other learners alone', async () => {
    const usersBefore = await users();
    const before = await learners();
    const report = await growSyntheticLearners(db, 2500);
    expect(report).toEqual({ wanted: 2500, added: 2450, alreadyThere: 50 });
    const held = await ulns();
    for (const learner of syntheticLearners(2500, undefined, KNOWN_ULNS)) expect(held.has(learner.uln)).toBe(true);
    expect(held.size).toBe(before.length + 2450);
    const after = (await learners()) as { uln: string }[];
    const kept = new Map(after.map((l) => [l.uln, l]));
    for (const learner of before as { uln: string }[]) expect(kept.get(learner.uln)).toEqual(learner);
    expect(await users()).toEqual(usersBefore);
  });

  test('the same number again adds nothing', async () => {
    const before = await learners();
    expect(await growSyntheticLearners(db, 2500)).toEqual({ wanted: 2500, added: 0, alreadyThere: 2500 });
    expect(await learners()).toEqual(before);
  });

  test('the sequence is the same on every run: the first N of a longer run are the N of a shorter one', () => {
    const long = syntheticLearners(300, undefined, KNOWN_ULNS);
    expect(syntheticLearners(120, undefined, KNOWN_ULNS)).toEqual(long.slice(0, 120));
    expect(long.some((l) => KNOWN_ULNS.has(l.uln))).toBe(false);
  });
});
