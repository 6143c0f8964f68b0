import type { DataSource } from 'typeorm';
import { AuditTrail, type AuditRecord } from '../../src/platform/audit/audit-trail';
import { systemClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';

const entry = (correlationId: string): AuditRecord => ({
  correlationId,
  surface: 'soap-ao',
  operation: 'VerifyLearner',
  outcome: 'WSVRC001',
  username: 'victor.vance',
  subject: '1026893096',
});

/** docs/decisions/0031-write-behind-audit-for-calls-that-change-nothing.md: buffered, written in batches, never lost on a clean stop. */
describe.each(eachDatabase())('the write-behind audit trail on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  beforeAll(async () => {
    dataSource = await database.open();
    db = new Database(dataSource);
  });
  afterAll(() => database.drop());

  const written = async (prefix: string) =>
    Number((await dataSource.query('SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id LIKE ?', [`${prefix}%`]))[0].n);

  test('entries wait to be written together, and the flush of a clean stop writes them', async () => {
    const audit = new AuditTrail(db, systemClock, { flushMs: 10_000, onError: () => undefined });
    for (let i = 0; i < 20; i++) audit.recordSoon(entry(`waiting-${i}`));
    expect([audit.pending, await written('waiting-')]).toEqual([20, 0]);
    await audit.flush();
    expect([audit.pending, await written('waiting-')]).toEqual([0, 20]);
  });

  test('everything that waited while the database was away is written by the one flush of a clean stop', async () => {
    const errors: unknown[] = [];
    const audit = new AuditTrail(db, systemClock, { flushMs: 10_000, onError: (error) => errors.push(error) });
    const away = jest.spyOn(db, 'transaction').mockRejectedValue(new Error('the database is away'));
    try {
      for (let i = 0; i < 650; i++) audit.recordSoon(entry(`away-${i}`));
      await audit.flush();
    } finally {
      away.mockRestore();
    }
    expect(errors.length).toBeGreaterThan(0);
    expect([audit.pending, await written('away-')]).toEqual([650, 0]);

    await audit.flush(); // the clean stop
    expect([audit.pending, await written('away-')]).toEqual([0, 650]);
    const ids = await dataSource.query("SELECT correlation_id FROM audit_entries WHERE correlation_id LIKE 'away-%'");
    expect(new Set(ids.map((row: { correlation_id: string }) => row.correlation_id)).size).toBe(650); // each once
  });

  test('a flush called while another is writing returns only once those rows are written too', async () => {
    const audit = new AuditTrail(db, systemClock, { flushMs: 10_000, onError: () => undefined });
    for (let i = 0; i < 200; i++) audit.recordSoon(entry(`busy-${i}`)); // the 200th starts a flush of its own
    expect(audit.pending).toBe(0);
    await audit.flush();
    expect(await written('busy-')).toBe(200);
  });

  test("an entry recorded in a use case's transaction is undone with it", async () => {
    const audit = new AuditTrail(db, systemClock);
    await expect(
      db.transaction(async () => {
        await audit.record(entry('undone-0'));
        await audit.recordMany([entry('undone-1'), entry('undone-2')]);
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await written('undone-')).toBe(0);
  });

  test('an entry recorded soon, from inside a transaction that fails, is written all the same', async () => {
    const audit = new AuditTrail(db, systemClock, { flushMs: 10_000, onError: () => undefined });
    await expect(
      db.transaction(async () => {
        audit.recordSoon(entry('detached-0'));
        for (let i = 1; i < 200; i++) audit.recordSoon(entry(`detached-${i}`)); // the 200th flushes at once
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    await audit.flush();
    expect(await written('detached-')).toBe(200);
  });

  test('without a buffer, an entry recorded soon from inside a transaction that fails is written on its own', async () => {
    const errors: unknown[] = [];
    const audit = new AuditTrail(db, systemClock, { flushMs: 0, onError: (error) => errors.push(error) });
    await expect(
      db.transaction(async () => {
        audit.recordSoon(entry('unbuffered-0'));
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    for (let i = 0; i < 50 && (await written('unbuffered-')) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([errors, await written('unbuffered-')]).toEqual([[], 1]);
  });
});
