import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE_PARTS } from '../../src/schema-migrations';
import { openDataSource } from '../../src/platform/data-source';
import { migrate } from '../../src/platform/migrate';

/**
 * The databases the persistence tests run against: SQLite always, MariaDB unless
 * TEST_DATABASES leaves it out. When MariaDB is asked for and cannot be reached the tests
 * fail; they never skip.
 */
export interface TestDatabase {
  name: 'sqlite' | 'mariadb';
  /** A fresh, empty, migrated database for one test file (`migrated: false`: not even the migrations). */
  open(options?: { migrated?: boolean }): Promise<DataSource>;
  /** The DATABASE_URL of the last database opened. */
  url(): string;
  drop(): Promise<void>;
}

const MARIADB_SERVER = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

export function testDatabaseNames(): ('sqlite' | 'mariadb')[] {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,mariadb').split(',').map((s) => s.trim());
  return wanted.filter((n): n is 'sqlite' | 'mariadb' => n === 'sqlite' || n === 'mariadb');
}

export function testDatabase(name: 'sqlite' | 'mariadb', options: { sqliteFile?: boolean } = {}): TestDatabase {
  let url = '';
  let directory: string | undefined;
  let dataSource: DataSource | undefined;
  let schema: string | undefined;
  return {
    name,
    async open({ migrated = true } = {}) {
      if (name === 'sqlite') {
        // A file when other processes must share it (a separate worker); memory otherwise.
        if (options.sqliteFile) directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-test-db-'));
        url = directory ? `sqlite:${path.join(directory, 'test.sqlite')}` : 'sqlite::memory:';
      } else {
        schema = `lrs_test_${randomBytes(6).toString('hex')}`;
        const admin = await mysql.createConnection(`${MARIADB_SERVER}/test`).catch((error: Error) => {
          throw new Error(`MariaDB was asked for (TEST_DATABASES) but ${MARIADB_SERVER} cannot be reached: ${error.message}`);
        });
        await admin.query(`CREATE DATABASE ${schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        await admin.end();
        url = `${MARIADB_SERVER}/${schema}`;
      }
      dataSource = await openDataSource(url, DATA_SOURCE_PARTS);
      if (migrated) await migrate(dataSource);
      return dataSource;
    },
    url: () => url,
    async drop() {
      if (dataSource?.isInitialized) await dataSource.destroy();
      if (directory) fs.rmSync(directory, { recursive: true, force: true });
      if (schema) {
        const admin = await mysql.createConnection(`${MARIADB_SERVER}/test`);
        await admin.query(`DROP DATABASE IF EXISTS ${schema}`);
        await admin.end();
      }
    },
  };
}

/** `describe.each` rows: one per database under test. */
export function eachDatabase(options: { sqliteFile?: boolean } = {}): [string, TestDatabase][] {
  return testDatabaseNames().map((name) => [name, testDatabase(name, options)]);
}
