import path from 'node:path';
import type { DataSource } from 'typeorm';
import { importQualificationsCsv } from '../../src/achievements/ofqual/ofqual-csv-import';
import type { AuditTrail } from '../../src/platform/audit/audit-trail';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { auditTrail, seedTestData } from '../support/seeded';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'ofqual', name);
const COLUMNS = `reference, title, owner_recognition_number, owner_name, level, qualification_type, operational_start_date,
  operational_end_date, certification_end_date, grading_type, grading_scale, grades, credit_value, status, source`;

describe.each(eachDatabase())('import-qualifications on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let audit: AuditTrail;
  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    db = new Database(dataSource);
    audit = auditTrail(dataSource);
  });
  afterAll(() => database.drop());

  const imported = () => dataSource.query(`SELECT ${COLUMNS} FROM qualifications WHERE source = 'OFQUAL_CSV' ORDER BY reference`);
  const qualification = async (reference: string) =>
    (await dataSource.query(`SELECT ${COLUMNS} FROM qualifications WHERE reference = ?`, [reference]))[0];

  test('imports the valid rows and reports every skipped row with its line and reason', async () => {
    const report = await importQualificationsCsv(db, fixture('qualifications.csv'), { audit });
    expect(report).toMatchObject({ rows: 6, upserted: 3, dateOrder: 'day-first' });
    expect(report.skipped).toEqual([
      { line: 4, number: '601/345/2', reason: expect.stringMatching(/qualification number/) },
      { line: 6, number: '603/2222/6', reason: 'the qualification has no operational start date' },
      { line: 7, number: '601/3456/2', reason: 'the qualification is also on line 2' },
    ]);
    expect(await qualification('60134562')).toMatchObject({
      title: 'Compat Level 2 Certificate in Hair, Beauty and Nail Services',
      owner_recognition_number: 'RN9001',
      operational_start_date: '2014-02-01',
      operational_end_date: '2025-07-31',
      certification_end_date: '2027-07-31',
      grades: 'Pass|Fail',
      credit_value: 37,
      source: 'OFQUAL_CSV',
    });
    expect(await qualification('60145675')).toMatchObject({
      operational_start_date: '2015-09-01',
      operational_end_date: null,
      credit_value: null,
      grades: 'Pass|Merit|Distinction',
    });
    expect(await qualification('61012348')).toMatchObject({ operational_start_date: '2021-09-20', level: 'Entry Level' });
  });

  test('importing the same file again changes nothing', async () => {
    const before = await imported();
    expect((await importQualificationsCsv(db, fixture('qualifications.csv'), { audit })).upserted).toBe(3);
    expect(await imported()).toEqual(before);
  });

  test("a download written month-first (CsvHelper's invariant culture, docs/achievements.md: The Ofqual Register) is read month-first", async () => {
    const report = await importQualificationsCsv(db, fixture('qualifications-month-first.csv'), { audit });
    expect(report).toMatchObject({ rows: 1, upserted: 1, skipped: [], dateOrder: 'month-first' });
    expect(await qualification('60333339')).toMatchObject({
      operational_start_date: '2015-09-01',
      operational_end_date: '2027-08-31',
    });
  });

  test('a file whose dates are in both orders is refused before anything is written', async () => {
    await expect(importQualificationsCsv(db, fixture('qualifications-mixed-dates.csv'), { audit })).rejects.toMatchObject({
      code: 'QUALIFICATION_FILE_INVALID',
    });
    expect(await qualification('60344441')).toBeUndefined();
  });

  test('a file without the required headings is refused as a whole', async () => {
    await expect(importQualificationsCsv(db, fixture('missing-columns.csv'), { audit })).rejects.toMatchObject({
      code: 'QUALIFICATION_FILE_INVALID',
      message: expect.stringContaining('Owner Organisation Name'),
    });
  });

  test('the import is audited by file name', async () => {
    const rows = await dataSource.query(
      "SELECT outcome, subject FROM audit_entries WHERE operation = 'ImportQualifications' ORDER BY id",
    );
    expect(rows[0]).toMatchObject({ outcome: 'PARTIAL', subject: 'qualifications.csv' });
  });
});
