import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import type { DataSource } from 'typeorm';
import { OfqualRegisterClient } from '../../src/achievements/ofqual/ofqual-register.client';
import { syncQualifications } from '../../src/achievements/ofqual/qualification-sync';
import { QualificationStore } from '../../src/achievements/qualification.store';
import type { AuditTrail } from '../../src/platform/audit/audit-trail';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { auditTrail, seedTestData } from '../support/seeded';

const BASE = 'https://register-api.ofqual.gov.uk';
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ofqual', name), 'utf8')) as Record<string, unknown>;
const ERROR_500 = fixture('error-500.json');

/** The register's list endpoint for one page, as the client asks for it (docs/achievements.md: The Ofqual Register). */
const page = (number: number, limit = 2) =>
  nock(BASE)
    .get('/api/Qualifications')
    .query({ page: String(number), limit: String(limit) });
const servePages = (...numbers: number[]) => numbers.map((n) => page(n).reply(200, fixture(`page-${n}.json`)));
const allDone = (scopes: nock.Scope[]) => scopes.every((s) => s.isDone());

const COLUMNS = `reference, kind, title, qualification_type, level, owner_recognition_number, owner_name, operational_start_date,
  operational_end_date, certification_end_date, grading_type, grading_scale, grades, credit_value, status, source`;

describe.each(eachDatabase())('sync-qualifications on %s', (_name, database) => {
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
  beforeEach(async () => {
    await dataSource.query("DELETE FROM qualifications WHERE source = 'OFQUAL_API'");
    await dataSource.query("DELETE FROM app_settings WHERE `key` = 'ofqual_sync_state'");
  });
  afterEach(() => nock.cleanAll());

  const client = () => new OfqualRegisterClient({ attempts: 3, baseDelayMs: 1, timeoutMs: 2000 });
  const sync = (limit = 2) => syncQualifications(db, client(), { audit, limit });
  const synced = () => dataSource.query(`SELECT ${COLUMNS} FROM qualifications WHERE source = 'OFQUAL_API' ORDER BY reference`);
  const references = async () => ((await synced()) as { reference: string }[]).map((r) => r.reference);
  const savedState = async () => {
    const rows = await dataSource.query("SELECT value FROM app_settings WHERE `key` = 'ofqual_sync_state'");
    return rows[0] ? JSON.parse(rows[0].value) : undefined;
  };
  const ALL = ['10005122', '50015229', '6012345X', '60311113', '61012348'];

  test('the Register gives no units, so a sync adds none, and keeps the units and shares the operator set', async () => {
    servePages(1, 2, 3);
    await sync();
    servePages(1, 2, 3);
    await dataSource.query(
      `INSERT INTO qualification_units (qualification_id, unit_id)
         SELECT q.id, u.id FROM qualifications q, qualifications u WHERE q.reference = '10005122' AND u.reference = 'A6017001'`,
    );
    await dataSource.query(
      `INSERT INTO qualification_shares (qualification_id, organisation_id)
         SELECT q.id, o.id FROM qualifications q, organisations o WHERE q.reference = '10005122' AND o.ukprn = '10099902'`,
    );
    const units = async () =>
      Number((await dataSource.query("SELECT COUNT(*) AS n FROM qualifications WHERE kind = 'UNIT'"))[0].n);
    const before = await units();
    expect((await sync()).complete).toBe(true);
    expect(await units()).toBe(before);
    const kept = await dataSource.query(
      `SELECT (SELECT COUNT(*) FROM qualification_units qu WHERE qu.qualification_id = q.id) AS units,
              (SELECT COUNT(*) FROM qualification_shares s WHERE s.qualification_id = q.id) AS shares
         FROM qualifications q WHERE q.reference = '10005122'`,
    );
    expect(kept.map((r: { units: unknown; shares: unknown }) => [Number(r.units), Number(r.shares)])).toEqual([[1, 1]]);
    await dataSource.query(
      "DELETE FROM qualification_units WHERE qualification_id IN (SELECT id FROM qualifications WHERE reference = '10005122')",
    );
    await dataSource.query(
      "DELETE FROM qualification_shares WHERE qualification_id IN (SELECT id FROM qualifications WHERE reference = '10005122')",
    );
  });

  test('three pages are fetched until the count is reached and all are upserted; a second run changes nothing', async () => {
    const scopes = servePages(1, 2, 3);
    const report = await sync();
    expect(allDone(scopes)).toBe(true);
    expect(report).toMatchObject({
      pagesFetched: 3,
      received: 5,
      upserted: 5,
      skipped: [],
      total: 5,
      resumedFromPage: null,
      complete: true,
    });
    expect(await references()).toEqual(ALL);
    expect(((await synced()) as Record<string, unknown>[])[1]).toMatchObject({
      reference: '50015229',
      title: 'Example Level 3 Extended Diploma in Engineering',
      owner_recognition_number: 'RN5999',
      operational_start_date: '2007-09-01',
      operational_end_date: '2017-08-31',
      certification_end_date: '2020-08-31',
      grades: 'Pass|Merit|Distinction|Distinction*',
      source: 'OFQUAL_API',
    });
    expect(await savedState()).toBeUndefined();

    const before = await synced();
    servePages(1, 2, 3);
    expect(await sync()).toMatchObject({ pagesFetched: 3, upserted: 5, complete: true });
    expect(await synced()).toEqual(before);
  });

  test.each([
    [500, ERROR_500],
    [429, ''],
  ])('an HTTP %s on page two is retried and the sync completes', async (status, body) => {
    const scopes = [page(1).reply(200, fixture('page-1.json')), page(2).reply(status, body), ...servePages(2, 3)];
    const report = await sync();
    expect(allDone(scopes)).toBe(true);
    expect(report).toMatchObject({ pagesFetched: 3, upserted: 5, complete: true });
    expect(await references()).toEqual(ALL);
  });

  test('a page that does not answer in time is retried', async () => {
    const scopes = [page(1).delay(500).reply(200, fixture('page-1.json')), ...servePages(1, 2, 3)];
    const quick = new OfqualRegisterClient({ attempts: 2, baseDelayMs: 1, timeoutMs: 100 });
    expect(await syncQualifications(db, quick, { audit, limit: 2 })).toMatchObject({ pagesFetched: 3, complete: true });
    expect(allDone(scopes)).toBe(true);
  });

  test('a page that keeps failing stops the sync after page one is committed, and the next run resumes at page two', async () => {
    const failing = [page(1).reply(200, fixture('page-1.json')), page(2).times(3).reply(500, ERROR_500)];
    const failure = await sync().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'OFQUAL_UNAVAILABLE' });
    expect((failure as Error).message).toMatch(
      /^Page 2 of the Ofqual Register failed 3 time\(s\); the last answer: HTTP 500: Execution Timeout/,
    );
    expect((failure as Error).message).toMatch(/Pages 1 to 1 are saved\. The next run starts at page 2\.$/);
    expect(allDone(failing)).toBe(true);
    expect(await references()).toEqual(['10005122', '50015229']);
    expect(await savedState()).toEqual({ lastCompletedPage: 1, limit: 2, total: 5 });

    const pageOne = page(1).reply(200, fixture('page-1.json'));
    const rest = servePages(2, 3);
    const report = await sync();
    expect(allDone(rest)).toBe(true);
    expect(pageOne.isDone()).toBe(false);
    expect(report).toMatchObject({ pagesFetched: 2, received: 3, upserted: 3, resumedFromPage: 2, total: 5, complete: true });
    expect(await references()).toEqual(ALL);
    expect(await savedState()).toBeUndefined();
    const outcomes = await dataSource.query("SELECT outcome FROM audit_entries WHERE operation = 'SyncQualifications'");
    expect(outcomes.map((r: { outcome: string }) => r.outcome)).toEqual(expect.arrayContaining(['OFQUAL_UNAVAILABLE', 'OK']));
  });

  test('a resumed run whose total has changed starts again at page one, since the pages have moved', async () => {
    await dataSource.query("INSERT INTO app_settings (`key`, value) VALUES ('ofqual_sync_state', ?)", [
      JSON.stringify({ lastCompletedPage: 1, limit: 2, total: 4 }),
    ]);
    const scopes = servePages(2, 1, 2, 3);
    const report = await sync();
    expect(allDone(scopes)).toBe(true);
    expect(report).toMatchObject({ pagesFetched: 4, upserted: 5, resumedFromPage: null, total: 5, complete: true });
    expect(await references()).toEqual(ALL);
  });

  test('a run stopped by its page bound keeps its place, and the next run carries on from there', async () => {
    servePages(1, 2);
    const bounded = await syncQualifications(db, client(), { audit, limit: 2, maxPages: 2 });
    expect(bounded).toMatchObject({ pagesFetched: 2, upserted: 4, total: 5, complete: false });
    expect(await savedState()).toEqual({ lastCompletedPage: 2, limit: 2, total: 5 });
    servePages(3);
    expect(await sync()).toMatchObject({ pagesFetched: 1, upserted: 1, resumedFromPage: 3, complete: true });
    expect(await references()).toEqual(ALL);
  });

  test('an empty register (count 0) upserts nothing and reports cleanly', async () => {
    const scope = page(1).reply(200, fixture('empty.json'));
    const report = await sync();
    expect(scope.isDone()).toBe(true);
    expect(report).toMatchObject({ pagesFetched: 1, received: 0, upserted: 0, skipped: [], total: 0, complete: true });
    expect(await references()).toEqual([]);
    expect(await savedState()).toBeUndefined();
  });

  test('a 400 is not retried and fails with the page and the API error text', async () => {
    let calls = 0;
    page(1, 200)
      .times(3)
      .reply(() => {
        calls += 1;
        return [400, fixture('error-400.json')];
      });
    await expect(sync(200)).rejects.toMatchObject({
      code: 'OFQUAL_REFUSED',
      message: expect.stringContaining(
        'The Ofqual Register refused page 1 (HTTP 400: Invalid parameter values. Page should be > 0 and Limit should be > 0 and <= 100)',
      ),
    });
    expect(calls).toBe(1);
    expect(await savedState()).toBeUndefined();
  });

  test("a qualification owned by a compatibility AO (RN9001) is read with its owner's organisation", async () => {
    servePages(1, 2, 3);
    await sync();
    const register = new QualificationStore(db);
    const [owner] = await dataSource.query("SELECT id FROM organisations WHERE ukprn = '10099901'");
    expect(await register.findByReference('10005122')).toMatchObject({
      title: 'Compat GCSE (9 to 1) in Mathematics',
      ownerOrganisationId: Number(owner.id),
      ownerName: 'Compat Awarding Body One',
      operationalStartDate: '2015-09-01',
      grades: ['9', '8', '7', '6', '5', '4', '3', '2', '1', 'U'],
    });
    expect(await register.findByReference('50015229')).toMatchObject({ ownerOrganisationId: null, creditValue: 180 });
  });

  test('grades the operator set survive a re-sync that brings none', async () => {
    servePages(1, 2, 3);
    await sync();
    const operatorGrades = ['Level 1 Pass', 'Level 2 Pass', 'Merit', 'Distinction', 'Distinction*'];
    await dataSource.query("UPDATE qualifications SET grades = ? WHERE reference = '60311113'", [operatorGrades.join('|')]);
    servePages(1, 2, 3);
    await sync();
    const register = new QualificationStore(db);
    expect((await register.findByReference('60311113'))?.grades).toEqual(operatorGrades);
    expect((await register.findByReference('6012345X'))?.grades).toEqual(['A*', 'A', 'B', 'C', 'D', 'E', 'U']);
  });
});
