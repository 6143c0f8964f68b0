import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import { DONE } from '../../src/batches/achievement.rows';
import { ACHIEVEMENT_LAYOUT, ACTION_CODES } from '../../src/batches/batch-layouts';
import type { Gender } from '../../src/learners/verification.rules';
import { isDomainError } from '../../src/platform/errors';
import type { Gateway } from '../../src/app';
import { eachDatabase, testDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';

const ROWS = 10_000;
type Row = Record<string, string>;

/**
 * 10,000 mixed rows: creates (some refused: a bad grade, a future date, names that do not
 * verify, an unknown reference, a duplicate), then updates, withdrawals, reinstatements and
 * refused follow-ups of the same keys, in one deterministic order.
 */
function mixedRows(
  learners: { uln: string; given_name: string; family_name: string }[],
  count = ROWS,
  firstDay = '2016-01-01',
): Row[] {
  const rows: Row[] = [];
  const key = (i: number) => {
    const learner = learners[i % learners.length];
    const day = new Date(Date.parse(firstDay) + Math.floor(i / learners.length) * 86_400_000).toISOString().slice(0, 10);
    return {
      Uln: learner.uln,
      GivenName: learner.given_name,
      FamilyName: learner.family_name,
      UnitOrQualificationReferenceNumber: '603/5678/9',
      AchievementAwardDate: day,
    };
  };
  const keys = Math.floor(count * 0.4);
  for (let i = 0; i < keys; i++) {
    const variant = i % 20;
    const row: Row = { Action: '1', ...key(i), Grade: 'C', ActionDate: '2026-11-01', MisIdentifier: `c${i}` };
    if (variant === 1) row.Grade = 'Merit';
    if (variant === 2) row.AchievementAwardDate = '2030-01-01';
    if (variant === 3) row.FamilyName = 'Nobody';
    if (variant === 4) row.UnitOrQualificationReferenceNumber = '601/2977/3';
    rows.push(row);
    if (variant === 5) rows.push({ ...row, MisIdentifier: `dup${i}` });
  }
  for (let i = 0; rows.length < count; i = (i + 7) % keys) {
    const k = key(i);
    switch (rows.length % 5) {
      case 0:
        rows.push({ Action: '2', ...k, Grade: ['A', 'B', 'A*'][i % 3], ActionDate: '2026-11-02' });
        break;
      case 1:
        rows.push({ Action: '3', ...k, ActionDate: '2026-11-03', ActionReason: 'SUBINERROR' });
        break;
      case 2:
        rows.push({ Action: '4', ...k, ActionDate: '2026-11-04', ActionReason: 'SUBINERROR' });
        break;
      case 3:
        rows.push({ Action: '2', ...k, GivenName: 'Someone', ActionDate: '2026-11-05', Grade: 'B' });
        break;
      default:
        rows.push({ Action: '3', ...k, ActionDate: '2099-01-01', ActionReason: 'SUBINERROR' });
    }
  }
  return rows;
}

/** The same row as a single operation of the AchievementService: its own transaction, no batch. */
async function oneByOne(gateway: Gateway, row: Row, context: Parameters<Gateway['achievements']['create']>[1]): Promise<string> {
  const action = ACTION_CODES[Number(row.Action) as 1 | 2 | 3 | 4];
  const key = {
    uln: row.Uln,
    givenName: row.GivenName,
    familyName: row.FamilyName,
    aimReference: row.UnitOrQualificationReferenceNumber,
    awardDate: row.AchievementAwardDate,
  };
  try {
    if (action === 'CREATE') {
      await gateway.achievements.create(
        {
          learner: { ...key, gender: undefined as Gender | undefined },
          aimReference: key.aimReference,
          awardDate: key.awardDate,
          grade: row.Grade,
        },
        context,
      );
    } else if (action === 'UPDATE') {
      await gateway.achievements.update({ key, actionDate: row.ActionDate, changes: { grade: row.Grade } }, context);
    } else if (action === 'WITHDRAW') {
      await gateway.achievements.withdraw({ key, actionDate: row.ActionDate, actionReason: row.ActionReason }, context);
    } else {
      await gateway.achievements.reinstate(
        { key, actionDate: row.ActionDate, actionReason: row.ActionReason, grade: row.Grade },
        context,
      );
    }
    return DONE[action];
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

/** The records, their histories and their audit entries, as they would be compared by a person (no ids, no times). */
async function snapshot(dataSource: DataSource, correlationId: string) {
  return {
    achievements: await dataSource.query(
      'SELECT uln, aim_reference, award_date, grade, status, version FROM achievements ORDER BY uln, aim_reference, award_date',
    ),
    events: await dataSource.query(
      `SELECT a.uln, a.aim_reference, a.award_date, e.action, e.action_date, e.action_reason, e.changes, e.status_after
         FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id ORDER BY a.uln, a.aim_reference, a.award_date, e.id`,
    ),
    audit: await dataSource.query(
      `SELECT operation, subject, outcome, COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation LIKE '%Achievement'
         GROUP BY operation, subject, outcome ORDER BY operation, subject, outcome`,
      [correlationId],
    ),
  };
}

/**
 * A few keys, each created, changed, withdrawn and reinstated within a few rows of itself, so
 * one chunk holds every action on a key, refused ones among them; and a key of a linked learner,
 * acted on by its own ULN and by its master's in turn, whose rows must stay in order with each other.
 */
function sameKeyRows(learners: { uln: string; given_name: string; family_name: string }[], month = '05'): Row[] {
  const rows: Row[] = [];
  const linked = { Uln: '4444599390', GivenName: 'Sample', FamilyName: 'Test' };
  const master = { Uln: '6936002314', GivenName: 'Testing-Sample', FamilyName: 'Test' };
  const linkedKey = { UnitOrQualificationReferenceNumber: '603/5678/9', AchievementAwardDate: `2019-${month}-20` };
  const linkedRows: Row[] = [
    { ...linked, ...linkedKey, Action: '1', Grade: 'C', ActionDate: '2026-11-01' },
    { ...master, ...linkedKey, Action: '2', Grade: 'B', ActionDate: '2026-11-02' },
    { ...linked, ...linkedKey, Action: '3', ActionDate: '2026-11-03', ActionReason: 'SUBINERROR' },
    { ...master, ...linkedKey, Action: '4', ActionDate: '2026-11-04', ActionReason: 'SUBINERROR', Grade: 'A' },
    { ...linked, ...linkedKey, Action: '2', Grade: 'A*', ActionDate: '2026-11-05' },
  ];
  for (let k = 0; k < 40; k += 2) {
    const keys = [k, k + 1].map((i) => ({
      Uln: learners[i % learners.length].uln,
      GivenName: learners[i % learners.length].given_name,
      FamilyName: learners[i % learners.length].family_name,
      UnitOrQualificationReferenceNumber: '603/5678/9',
      AchievementAwardDate: `2019-${month}-${String(1 + Math.floor(i / learners.length)).padStart(2, '0')}`,
    }));
    const actions: Row[] = [
      { Action: '1', Grade: 'C', ActionDate: '2026-11-01' },
      { Action: '2', Grade: 'B', ActionDate: '2026-11-02' },
      { Action: '3', ActionDate: '2026-11-03', ActionReason: 'SUBINERROR' },
      { Action: '2', Grade: 'A', ActionDate: '2026-11-03' },
      { Action: '4', ActionDate: '2026-11-04', ActionReason: 'SUBINERROR', Grade: 'A' },
      { Action: '4', ActionDate: '2026-11-04', ActionReason: 'SUBINERROR', Grade: 'B' },
      { Action: '1', Grade: 'C', ActionDate: '2026-11-05' },
      { Action: '2', Grade: 'B', ActionDate: '2026-11-05' },
      { Action: '3', ActionDate: '2026-11-06', ActionReason: 'ACHINVALID' },
      { Action: '4', ActionDate: '2026-11-07', ActionReason: 'ACHINVALID' },
      { Action: '2', Grade: 'A*', ActionDate: '2026-11-08' },
    ];
    // The two keys' actions interleaved: a record's rows see each other in order, not their neighbour's.
    for (const action of actions) for (const key of keys) rows.push({ ...key, ...action });
    // The linked learner's rows spread through the file, a few rows apart.
    if (k % 8 === 0 && linkedRows.length > 0) rows.push(linkedRows.shift() as Row);
  }
  return rows;
}

describe.each(eachDatabase())('a 10,000-row achievement batch on %s', (name, database) => {
  let batched: RunningGateway;
  let single: RunningGateway;
  beforeAll(async () => {
    batched = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_CHUNK_ROWS: '500' } });
    single = await startGateway({
      database: testDatabase(name as 'sqlite' | 'mariadb'),
      env: { BATCH_WORKER_IN_PROCESS: 'false' },
    });
  }, 60_000);
  afterAll(async () => {
    await batched.stop();
    await single.stop();
  });

  /** The rows as one batch job and as single calls, each on its own database: the same outcomes, records, histories, audit. */
  async function expectEquivalent(rows: Row[], fileName: string, workers = 1) {
    const principal = await principalOf(batched.gateway.dataSource, 'rita.reeves');
    const csv = stringify(
      rows.map((r) => ACHIEVEMENT_LAYOUT.columns.map((c) => r[c] ?? '')),
      { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] },
    );
    const job = await batched.gateway.batches.service.submit(
      { type: 'ACHIEVEMENT', format: 'CSV', fileName, content: Readable.from([csv]), origin: 'ADMIN' },
      { principal, correlationId: 'mixed', surface: 'admin' },
    );
    // Several workers drain the queue side by side, each taking lanes of the job (docs/decisions/0095-batch-job-lanes.md).
    const draining = [
      batched.gateway.batches.worker,
      ...Array.from({ length: workers - 1 }, () => batched.gateway.batches.newWorker()),
    ];
    await Promise.all(draining.map((worker) => worker.drain()));
    if (workers > 1) {
      const [{ n }] = await batched.gateway.dataSource.query(
        'SELECT COUNT(DISTINCT claimed_by) AS n FROM batch_job_parts WHERE job_id = ?',
        [job.id],
      );
      expect(Number(n)).toBe(workers);
    }
    const batchOutcomes: string[] = [];
    for await (const result of batched.gateway.batches.service.resultsOf(job)) batchOutcomes.push(result.outcome);

    const singlePrincipal = await principalOf(single.gateway.dataSource, 'rita.reeves');
    const singleOutcomes: string[] = [];
    for (const row of rows) {
      singleOutcomes.push(
        await oneByOne(single.gateway, row, { principal: singlePrincipal, correlationId: fileName, surface: 'soap-ao' }),
      );
    }
    expect(batchOutcomes).toEqual(singleOutcomes);
    expect(new Set(batchOutcomes).size).toBeGreaterThan(6); // a real mix, not one outcome
    expect(await snapshot(batched.gateway.dataSource, `batch-${job.id}`)).toEqual(
      await snapshot(single.gateway.dataSource, fileName),
    );
  }

  const learnersOf = (running: RunningGateway) =>
    running.gateway.dataSource.query(
      "SELECT uln, given_name, family_name FROM learners WHERE master_uln IS NULL AND uln LIKE '3%' ORDER BY uln",
    );

  test('gives the same per-row outcomes, and the same achievements, as the same calls made one by one', async () => {
    const rows = mixedRows(await learnersOf(batched));
    expect(rows).toHaveLength(ROWS);
    await expectEquivalent(rows, 'mixed.csv');
  }, 600_000);

  test('rows of one chunk that act on the same achievement keep their order and meaning', async () => {
    await expectEquivalent(sameKeyRows(await learnersOf(batched)), 'same-keys.csv');
  }, 120_000);

  test('a job worked by two workers side by side, a lane each, gives the same outcomes, records, histories and audit', async () => {
    await expectEquivalent(mixedRows(await learnersOf(batched), 4000, '2021-01-01'), 'mixed-two-workers.csv', 2);
    // Enough rows for a chunk in every lane (a job has no more lanes than chunks).
    const learners = await learnersOf(batched);
    const sameKeys = ['07', '08', '09', '10'].flatMap((month) => sameKeyRows(learners, month));
    await expectEquivalent(sameKeys, 'same-keys-two-workers.csv', 2);
  }, 600_000);
});
