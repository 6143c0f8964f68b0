import type { DataSource } from 'typeorm';
import { LearnerManagement1765180000000 } from '../../migrations/1765180000000-LearnerManagement';
import { eachDatabase } from '../support/databases';

describe.each(eachDatabase())('the learner-management migration on %s', (_name, database) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
  });
  afterAll(() => database.drop());

  test('organisations that exist keep what they do: LRBs hold learner management, awarding organisations do not', async () => {
    // Its own down and up around the organisations that exist: later migrations stay as they are.
    const migration = new LearnerManagement1765180000000();
    const runner = dataSource.createQueryRunner();
    await migration.down(runner);
    await dataSource.query(
      `INSERT INTO organisations (ukprn, name, kind, status, version) VALUES
         ('10088801', 'An AO', 'AO', 'ACTIVE', 1), ('10088802', 'An LRB', 'LRB', 'ACTIVE', 1), ('10088803', 'Ops', 'OPERATOR', 'ACTIVE', 1)`,
    );
    await migration.up(runner);
    await runner.release();
    const rows = (await dataSource.query(
      'SELECT ukprn, learner_management, learner_management_reason FROM organisations ORDER BY ukprn',
    )) as { ukprn: string; learner_management: number; learner_management_reason: string | null }[];
    expect(rows.map((r) => [r.ukprn, Number(r.learner_management), r.learner_management_reason !== null])).toEqual([
      ['10088801', 0, false],
      ['10088802', 1, true],
      ['10088803', 0, false],
    ]);
  });
});
