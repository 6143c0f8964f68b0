import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

export type DatabaseKind = 'sqlite' | 'mysql';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** TypeORM options from DATABASE_URL: `sqlite:<file>` (or `sqlite::memory:`) or `mysql://user:pass@host:port/db`. */
export function dataSourceOptions(url: string, parts: DataSourceParts): DataSourceOptions {
  const common = { migrations: parts.migrations, synchronize: false, logging: false } as const;
  if (databaseKind(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: file !== ':memory:',
      timeout: 10_000,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        // Checkpoint the write-ahead log every 10,000 pages (about 40 MB), not SQLite's default 1,000: a batch
        // chunk's commit otherwise copies the log into the database and syncs it every few chunks, which was the
        // largest single cost of an achievement chunk (docs/performance.md).
        if (file !== ':memory:') db.pragma('wal_autocheckpoint = 10000');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    extra: { connectionLimit: 20 },
  };
}

export async function openDataSource(url: string, parts: DataSourceParts): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, parts));
  await dataSource.initialize();
  return dataSource;
}

/** True when an insert failed on a unique constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * True when MySQL/MariaDB chose this transaction as a deadlock victim and rolled it back whole:
 * concurrent writes to one unique key can do this instead of reporting the duplicate, and the
 * transaction may simply be run again.
 */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e.driverError?.code ?? e.code) === 'ER_LOCK_DEADLOCK';
}

/** A datetime read by raw SQL: a Date from MySQL, UTC text from SQLite. */
export function dateFromSql(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

/** A datetime parameter for raw SQL, as TypeORM stores them on both databases: UTC, millisecond text. */
export function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function isSqlite(runner: { connection: DataSource } | DataSource): boolean {
  const dataSource = runner instanceof DataSource ? runner : runner.connection;
  return dataSource.options.type === 'better-sqlite3';
}
