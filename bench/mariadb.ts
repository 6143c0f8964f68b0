// A throwaway MariaDB database for one benchmark run, or undefined when no server answers.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

const SERVER = process.env.BENCH_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function scratchMariaDb(): Promise<ScratchDatabase | undefined> {
  const name = `lrs_bench_${randomBytes(4).toString('hex')}`;
  try {
    const admin = await mysql.createConnection(`${SERVER}/test`);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  } catch {
    return undefined;
  }
  return {
    url: `${SERVER}/${name}`,
    async drop() {
      const admin = await mysql.createConnection(`${SERVER}/test`);
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}
