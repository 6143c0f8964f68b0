import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { AchievementStore } from '../../src/achievements/achievement.store';
import { ACHIEVEMENT_LAYOUT } from '../../src/batches/batch-layouts';
import type { CallContext } from '../../src/platform/call-context';
import { isDomainError } from '../../src/platform/errors';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';

type Learner = { uln: string; given_name: string; family_name: string };

const keyOf = (learner: Learner, awardDate: string) => ({
  uln: learner.uln,
  givenName: learner.given_name,
  familyName: learner.family_name,
  aimReference: '603/5678/9',
  awardDate,
});

/** The outcome of a single call as a batch row would report it: done, or the refusal's code. */
async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe.each(eachDatabase())('a batch chunk racing single calls for the same keys, on %s', (name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_CHUNK_ROWS: '100' } });
  }, 60_000);
  afterAll(() => running.stop());
  afterEach(() => jest.restoreAllMocks());

  const query = (sql: string, params: unknown[] = []) => running.gateway.dataSource.query(sql, params);

  test('each key is created once and updated in turn; the other rows of the chunk are untouched by the race', async () => {
    const learners: Learner[] = await query(
      "SELECT uln, given_name, family_name FROM learners WHERE master_uln IS NULL AND uln LIKE '3%' ORDER BY uln LIMIT 30",
    );
    const principal = await principalOf(running.gateway.dataSource, 'rita.reeves');
    const single: CallContext = { principal, correlationId: 'racer', surface: 'soap-ao' };
    const achievements = running.gateway.achievements;
    // J exists before the job; the file updates it while a single call updates it too.
    const heldKey = keyOf(learners[0], '2019-03-01');
    await achievements.create(
      { learner: heldKey, aimReference: heldKey.aimReference, awardDate: heldKey.awardDate, grade: 'C' },
      single,
    );
    const racedKey = keyOf(learners[5], '2019-03-01');

    const fields: Record<string, string>[] = learners.map((learner) => ({
      Action: '1',
      ...csvKey(keyOf(learner, '2019-03-01')),
      Grade: 'C',
    }));
    fields[0] = { Action: '2', ...csvKey(heldKey), Grade: 'B', ActionDate: '2026-11-02' };
    const csv = stringify(
      fields.map((row) => ACHIEVEMENT_LAYOUT.columns.map((c) => row[c] ?? '')),
      { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] },
    );
    const job = await running.gateway.batches.service.submit(
      { type: 'ACHIEVEMENT', format: 'CSV', fileName: 'race.csv', content: Readable.from([csv]), origin: 'ADMIN' },
      { principal, correlationId: 'race', surface: 'admin' },
    );

    // The single calls start once the chunk has read what it decides on and is about to write. On
    // MariaDB they commit first (the chunk then meets them and decides again); on SQLite the chunk
    // holds the write lock, so they wait for it and come after.
    const racers: Promise<string>[] = [];
    // A single call is another request: it runs outside the chunk's transaction, which the context carries.
    const race = (start: () => Promise<unknown>) => {
      const racer = outcomeOf(running.gateway.db.detached(start));
      racers.push(racer);
      return name === 'mariadb' ? racer : Promise.resolve();
    };
    const { insertMany, updateManyIfUnchanged } = AchievementStore.prototype;
    jest.spyOn(AchievementStore.prototype, 'updateManyIfUnchanged').mockImplementationOnce(async function (
      this: AchievementStore,
      ...args
    ) {
      await race(() => achievements.update({ key: heldKey, actionDate: '2026-11-01', changes: { grade: 'A' } }, single));
      return updateManyIfUnchanged.apply(this, args);
    });
    jest.spyOn(AchievementStore.prototype, 'insertMany').mockImplementationOnce(async function (this: AchievementStore, ...args) {
      await race(() =>
        achievements.create(
          { learner: racedKey, aimReference: racedKey.aimReference, awardDate: racedKey.awardDate, grade: 'A' },
          single,
        ),
      );
      return insertMany.apply(this, args);
    });
    await running.gateway.batches.worker.drain();
    const [updateBySingle, createBySingle] = await Promise.all(racers);

    const outcomes: string[] = [];
    for await (const result of running.gateway.batches.service.resultsOf(job)) outcomes.push(result.outcome);
    // Both updates apply, one after the other; exactly one of the two creates of the raced key does.
    expect(updateBySingle).toBe('OK');
    expect(outcomes[0]).toBe('UPDATED');
    expect([createBySingle, outcomes[5]].sort()).toEqual(['ACHIEVEMENT_EXISTS', name === 'mariadb' ? 'OK' : 'CREATED'].sort());
    if (name === 'mariadb') expect(createBySingle).toBe('OK'); // the race really happened between the chunk's read and write
    expect(outcomes.filter((outcome, i) => i !== 0 && i !== 5)).toEqual(Array(learners.length - 2).fill('CREATED'));

    const held = await query("SELECT grade, version FROM achievements WHERE uln = ? AND award_date = '2019-03-01'", [
      heldKey.uln,
    ]);
    expect(Number(held[0].version)).toBe(3);
    expect(held[0].grade).toBe(name === 'mariadb' ? 'B' : 'A'); // the later of the two updates
    const events = await query(
      `SELECT e.action FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id
         WHERE a.award_date = '2019-03-01' AND a.uln IN (?, ?) ORDER BY a.uln, e.id`,
      [heldKey.uln, racedKey.uln],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'CREATE']);
    expect(Number((await query("SELECT COUNT(*) AS n FROM achievements WHERE award_date = '2019-03-01'"))[0].n)).toBe(
      learners.length,
    );
    const audited = await query(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation IN ('CreateAchievement', 'UpdateAchievement')",
      [`batch-${job.id}`],
    );
    expect(Number(audited[0].n)).toBe(outcomes.filter((o) => o === 'CREATED' || o === 'UPDATED').length);
  }, 120_000);
});

function csvKey(key: ReturnType<typeof keyOf>): Record<string, string> {
  return {
    Uln: key.uln,
    GivenName: key.givenName,
    FamilyName: key.familyName,
    UnitOrQualificationReferenceNumber: key.aimReference,
    AchievementAwardDate: key.awardDate,
    ActionDate: '2026-11-01',
  };
}
