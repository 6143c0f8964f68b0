import { spawn } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { Database } from '../../src/platform/database';
import { testDatabase } from '../support/databases';

/**
 * A gateway and a batch worker are two processes on one SQLite file. While the other process
 * holds the write lock, a transaction that has read and then writes used to fail at once with
 * "database is locked" (SQLite does not wait on an upgrade from read to write; found by the
 * soak test). Transactions take the write lock first and wait for the other writer instead.
 */
describe('a transaction on SQLite while another process holds the write lock', () => {
  const database = testDatabase('sqlite', { sqliteFile: true });
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await database.open();
  });
  afterAll(() => database.drop());

  /** Another process: takes the write lock, says so, holds it for `holdMs`, commits. */
  function otherWriter(file: string, holdMs: number): Promise<() => Promise<void>> {
    const script = `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)}, { timeout: 5000 });
      db.exec('BEGIN IMMEDIATE');
      db.prepare("INSERT INTO app_settings (key, value) VALUES ('other-process', 'x')").run();
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); process.exit(0); }, ${holdMs});`;
    const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      child.stdout.once('data', () => resolve(() => exited));
      child.once('exit', (code) => reject(new Error(`the other writer exited with ${code} before locking`)));
    });
  }

  test('waits for the other writer and commits, instead of failing with SQLITE_BUSY', async () => {
    const released = await otherWriter(database.url().slice('sqlite:'.length), 300);
    const started = Date.now();
    const db = new Database(dataSource);
    const seen = await db.transaction(async () => {
      const rows: { n: number }[] = await db.query('SELECT COUNT(*) AS n FROM app_settings');
      await db.run("INSERT INTO app_settings (key, value) VALUES ('this-process', 'y')");
      return rows[0].n;
    });
    await released();
    const keys: { key: string }[] = await dataSource.query('SELECT key FROM app_settings ORDER BY key');
    expect({ seen, keys: keys.map((k) => k.key), waited: Date.now() - started >= 200 }).toEqual({
      seen: 1,
      keys: ['other-process', 'this-process'],
      waited: true,
    });
  });
});
