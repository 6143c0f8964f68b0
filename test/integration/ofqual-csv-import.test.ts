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

  // guide 5.1 names both registers: a Qualifications in Wales export (docs/decisions/0062-qualification-register.md).
  test('a QiW export loads what it can map, owned by the AO registered under the awarding body’s name', async () => {
    const report = await importQualificationsCsv(db, fixture('../qiw/qualifications.csv'), { audit, register: 'qiw' });
    expect(report).toMatchObject({ rows: 5, upserted: 2, dateOrder: 'day-first' });
    expect(report.skipped).toEqual([
      { line: 4, number: 'C00/1234/5', reason: expect.stringMatching(/qualification number/) },
      { line: 6, number: '601/9003/8', reason: 'the qualification has no operational start date' },
      { line: 5, number: '60134562', reason: "the Ofqual Register's record of this qualification is kept" },
    ]);
    expect(await qualification('60190011')).toMatchObject({
      title: 'Compat Level 2 Certificate in Welsh for the Workplace',
      owner_recognition_number: 'RN9002',
      owner_name: 'Compat Awarding Body Two',
      operational_start_date: '2019-09-01',
      operational_end_date: '2028-08-31',
      certification_end_date: '2030-08-31',
      grades: 'Pass',
      credit_value: 12,
      status: 'Approved',
      source: 'QIW_CSV',
    });
    // An awarding body not registered here: no owner, so only an AO it is shared with may award it.
    expect(await qualification('6019002X')).toMatchObject({ owner_recognition_number: null, owner_name: 'WJEC CBAC' });
    expect(await qualification('60134562')).toMatchObject({ source: 'OFQUAL_CSV', status: 'Available to learners' });
    const audited = await dataSource.query(
      "SELECT outcome, subject FROM audit_entries WHERE operation = 'ImportQualificationsWales'",
    );
    expect(audited).toEqual([{ outcome: 'PARTIAL', subject: 'qualifications.csv' }]);
  });

  test('an Ofqual download given as a QiW export is refused before anything is written, naming the missing headings', async () => {
    const before = await dataSource.query('SELECT COUNT(*) AS n FROM qualifications');
    await expect(importQualificationsCsv(db, fixture('qualifications.csv'), { audit, register: 'qiw' })).rejects.toMatchObject({
      code: 'QUALIFICATION_FILE_INVALID',
      message: expect.stringContaining('Awarding Body'),
    });
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM qualifications')).toEqual(before);
  });
});
