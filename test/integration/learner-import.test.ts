import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { importLearnersCsv } from '../../src/learners/learner-import';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { fixedClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { auditTrail, seedTestData } from '../support/seeded';

const FILE = path.join(__dirname, '..', 'fixtures', 'learners', 'register-import.csv');
const clock = fixedClock('2026-11-28T12:00:00Z');

describe.each(eachDatabase())('import-learners on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let deps: { referenceData: ReferenceData; clock: typeof clock; audit: ReturnType<typeof auditTrail> };
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
    deps = { referenceData: new ReferenceData(db, new ChangeCounters(db)), clock, audit: auditTrail(dataSource, clock) };
  });
  afterAll(() => database.drop());

  const learner = async (uln: string) => (await dataSource.query('SELECT * FROM learners WHERE uln = ?', [uln]))[0];

  test('imports the valid rows and reports every rejected row with its reasons', async () => {
    const report = await importLearnersCsv(db, FILE, deps);
    expect(report.rows).toBe(9);
    expect(report.imported).toBe(3);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.line, r.problems.map((p) => p.code).sort()]));
    expect(reasons).toEqual({
      4: ['LEARNER_AGE_OUT_OF_RANGE'],
      5: ['POSTCODE_INVALID'],
      6: ['POSTCODE_PROHIBITED'],
      7: ['ULN_INVALID'],
      9: ['LEARNER_MASTER_UNKNOWN'],
      10: ['LEARNER_GENDER_INVALID', 'LEARNER_NAME_INVALID', 'TEXT_PROHIBITED'],
    });
    expect(await learner('2000000710')).toMatchObject({
      given_name: 'Priya',
      postcode: 'LS1 4AP',
      school_at_age16: 'Riverside Academy, Leeds',
    });
    expect(await learner('2000000788')).toMatchObject({ family_name: "O'Connor", master_uln: null });
    expect(await learner('2000001067')).toMatchObject({ master_uln: '2000000710' });
    expect(await learner('2000000850')).toBeUndefined();
  });

  test('importing the same file again changes nothing', async () => {
    const before = await dataSource.query('SELECT uln, given_name, family_name, master_uln, postcode FROM learners ORDER BY uln');
    const report = await importLearnersCsv(db, FILE, deps);
    expect(report.imported).toBe(3);
    expect(
      await dataSource.query('SELECT uln, given_name, family_name, master_uln, postcode FROM learners ORDER BY uln'),
    ).toEqual(before);
  });

  test('reports its progress as it goes: rows read and bytes of the file, ending at the whole file', async () => {
    const seen: { rows: number; bytes: number; size: number }[] = [];
    const report = await importLearnersCsv(db, FILE, { ...deps, onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1];
    expect(last).toEqual({ rows: report.rows, bytes: fs.statSync(FILE).size, size: fs.statSync(FILE).size });
    for (const [i, p] of seen.entries()) expect(p.bytes).toBeGreaterThanOrEqual(i === 0 ? 0 : seen[i - 1].bytes);
  });

  test('a file without the required columns is refused as a whole', async () => {
    const bad = path.join(__dirname, '..', 'fixtures', 'learners', 'missing-columns.csv');
    await expect(importLearnersCsv(db, bad, deps)).rejects.toMatchObject({ code: 'LEARNER_FIELD_INVALID' });
  });

  test('the import is audited without learner data', async () => {
    const rows = await dataSource.query(
      "SELECT operation, outcome, subject FROM audit_entries WHERE operation = 'ImportLearners'",
    );
    expect(rows[0]).toMatchObject({ outcome: 'PARTIAL', subject: 'register-import.csv' });
  });
});
