import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { isSqlite } from './data-source';

// One lock per database (schema), not per server: under 64 characters, MySQL's limit for a name.
const LOCK_NAME_SQL = "CONCAT('lrs_gateway_startup_', LEFT(SHA1(DATABASE()), 32))";
const POLL_MS = 100;

/**
 * Runs `work` (migrations, then the first-start seed) in one process at a time, so that gateway
 * replicas, workers and CLI commands started together on one database never apply the same
 * migration or load the compatibility data twice. The one that waits finds the work done when
 * it gets the lock: TypeORM re-reads the applied migrations, the seed its marker.
 *
 * MySQL/MariaDB: a named lock (GET_LOCK) held by a connection of its own, released by the server
 * if the process dies. SQLite: an exclusive transaction on a file beside the database, released by
 * the operating system if the process dies; polled, because better-sqlite3 would otherwise wait
 * synchronously and stop the event loop. An in-memory database has one connection: no lock.
 */
export async function underStartupLock<T>(dataSource: DataSource, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
  if (isSqlite(dataSource)) {
    const file = String(dataSource.options.database);
    if (file === ':memory:') return work();
    return underSqliteLock(`${file}.startup-lock`, timeoutSeconds, work);
  }
  return underNamedLock(dataSource, timeoutSeconds, work);
}

function timedOut(timeoutSeconds: number): Error {
  return new Error(
    `another process has held the startup lock (migrations and seed) for over ${timeoutSeconds} s; ` +
      'if it is still migrating, wait and start again, or raise STARTUP_LOCK_TIMEOUT_SECONDS',
  );
}

async function underNamedLock<T>(dataSource: DataSource, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(`SELECT GET_LOCK(${LOCK_NAME_SQL}, ?) AS got`, [timeoutSeconds])) as { got: unknown }[];
    if (Number(row?.got) !== 1) throw timedOut(timeoutSeconds);
    try {
      return await work();
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${LOCK_NAME_SQL})`);
    }
  } finally {
    await runner.release();
  }
}

async function underSqliteLock<T>(lockFile: string, timeoutSeconds: number, work: () => Promise<T>): Promise<T> {
  const lock = new Sqlite(lockFile, { timeout: 0 });
  try {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() >= deadline) throw timedOut(timeoutSeconds);
        await sleep(POLL_MS);
      }
    }
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
