import type { DataSource } from 'typeorm';
import { learnerRegistrationRows } from '../../src/batches/learner-registration.rows';
import type { RowResult } from '../../src/batches/batch-rows';
import type { LearnerSearch } from '../../src/learners/learner-search';
import { LearnerRegister } from '../../src/learners/learner-register';
import { RecentLearnerSearches } from '../../src/learners/recent-learner-searches';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { RegistrationService } from '../../src/learners/registration.service';
import { UlnAllocator } from '../../src/learners/uln-allocator';
import { VerificationService } from '../../src/learners/verification.service';
import type { CallContext } from '../../src/platform/call-context';
import { systemClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { DomainError, isDomainError } from '../../src/platform/errors';
import { eachDatabase } from '../support/databases';
import { aLearner, type Learner } from '../support/lrs-registration-messages';
import { auditTrail, principalOf, seedTestData } from '../support/seeded';

/**
 * The rows of a batch registration, each through the registration use cases in a transaction,
 * with the learner search the composition root gives them replaced: what a row does with each
 * answer of learnerByDemographics, and with a refusal of the use case.
 */
describe.each(eachDatabase())('learner-registration batch rows on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let context: CallContext;
  let answer: { responseCode: string; ulns: string[] };
  let granted = true;
  let rows: ReturnType<typeof learnerRegistrationRows>;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
    const audit = auditTrail(dataSource);
    const referenceData = new ReferenceData(db, new ChangeCounters(db));
    const registration = new RegistrationService(db, {
      allocator: new UlnAllocator(db, systemClock),
      searches: new RecentLearnerSearches(db, systemClock, 120),
      referenceData,
      learnerManagement: {
        require: async () => {
          if (!granted) throw new DomainError('LEARNER_MANAGEMENT_NOT_GRANTED');
        },
      },
      audit,
      clock: systemClock,
      findBeforeRegister: { windowSeconds: 120, possibleMatchWaitSeconds: 30 },
    });
    const search: LearnerSearch = async () => answer;
    rows = learnerRegistrationRows({
      registration,
      verification: new VerificationService(db, new LearnerRegister(db), referenceData, audit),
      search,
      clock: systemClock,
    });
    context = { principal: await principalOf(dataSource, 'lena.lowe'), correlationId: 'rows-test', surface: 'batch' };
  });
  afterAll(() => database.drop());

  const fields = (learner: Learner, jobType = 'FUL') => ({ JobType: jobType, ...learner }) as Record<string, string | undefined>;
  const work = (learner: Learner, jobType?: string): Promise<RowResult | DomainError> =>
    db
      .transaction(() => rows.handleChunk([fields(learner, jobType)], context, (row) => db.savepoint(row)))
      .then((results) => results[0]);
  const count = async () => Number((await dataSource.query('SELECT COUNT(*) AS n FROM learners'))[0].n);

  test.each([
    ['possible matches', 'WSRC0003'],
    ['too many to list', 'WSRC0002'],
  ])('a search that finds %s leaves the learner unregistered: RC005', async (_what, responseCode) => {
    answer = { responseCode, ulns: ['1964986809', '8383558804'] };
    const before = await count();
    expect(await work(aLearner({ FamilyName: 'Rowpossible' }))).toMatchObject({ outcome: 'RC005', succeeded: true });
    expect(await count()).toBe(before);
  });

  test('a search that finds the learner through a linked ULN answers the master it gives: RC002', async () => {
    answer = { responseCode: 'WSRC0022', ulns: ['6936002314'] };
    expect(await work(aLearner())).toMatchObject({ outcome: 'RC002', added: { ReturnCode: 'RC002', ResultULN: '6936002314' } });
  });

  test('a search that finds nobody registers the learner (FUL) and answers not found (CHK)', async () => {
    answer = { responseCode: 'WSRC0001', ulns: [] };
    const checked = await work(aLearner({ FamilyName: 'Rownew' }), 'CHK');
    expect(checked).toMatchObject({ outcome: 'RC006', succeeded: true });
    const registered = (await work(aLearner({ FamilyName: 'Rownew' }))) as RowResult;
    expect(registered.outcome).toBe('RC001');
    const [held] = await dataSource.query('SELECT family_name FROM learners WHERE uln = ?', [registered.added.ResultULN]);
    expect(held).toEqual({ family_name: 'Rownew' });
  });

  test('a learner registered by the row is refused if the same details come again in the same chunk, as a single call would be', async () => {
    answer = { responseCode: 'WSRC0001', ulns: [] };
    const twice = aLearner({ FamilyName: 'Rowtwice' });
    const results = await db.transaction(() =>
      rows.handleChunk([fields(twice), fields(twice)], context, (row) => db.savepoint(row)),
    );
    expect((results[0] as RowResult).outcome).toBe('RC001');
    expect(isDomainError(results[1]) && results[1].code).toBe('LEARNER_ALREADY_REGISTERED');
    expect(rows.refused('LEARNER_ALREADY_REGISTERED', '')).toMatchObject({ ReturnCode: 'RC008' });
  });

  test('once the organisation no longer holds learner management, its rows are refused: RC010', async () => {
    granted = false;
    try {
      const refused = await work({ ULN: '1026893096', GivenName: 'Sample', FamilyName: 'Testname', Notes: 'x' });
      expect(isDomainError(refused) && refused.code).toBe('LEARNER_MANAGEMENT_NOT_GRANTED');
      expect(rows.refused('LEARNER_MANAGEMENT_NOT_GRANTED', '')).toMatchObject({ ReturnCode: 'RC010' });
    } finally {
      granted = true;
    }
  });

  test('an update keeps the fields the row leaves empty', async () => {
    answer = { responseCode: 'WSRC0001', ulns: [] };
    const learner = aLearner({ FamilyName: 'Rowkeep', Notes: 'Kept', EmailAddress: 'kept@example.org' });
    const { added } = (await work(learner)) as RowResult;
    const updated = await work({ ULN: added.ResultULN, GivenName: 'Ada', FamilyName: 'Rowkeep', Title: 'Dr' });
    expect(updated).toMatchObject({ outcome: 'RC003' });
    const [held] = await dataSource.query('SELECT title, notes, email_address, version_number FROM learners WHERE uln = ?', [
      added.ResultULN,
    ]);
    expect(held).toMatchObject({ title: 'Dr', notes: 'Kept', email_address: 'kept@example.org', version_number: 2 });
  });
});
