// The bench driver's view of the job under measurement: the one job of its scratch database, read
// from outside the processes that submit and work it (SQLite in WAL mode lets a reader in beside them).
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import type { BatchJobStatus } from '../src/batches/batch-job';

export interface JobState {
  status: BatchJobStatus;
  rowCount: number | null;
  rowsFailed: number;
  failureReason: string | null;
}

const LATEST_JOB = 'SELECT status, row_count, rows_failed, failure_reason FROM batch_jobs ORDER BY id DESC LIMIT 1';

interface JobRow {
  status: BatchJobStatus;
  row_count: number | null;
  rows_failed: number;
  failure_reason: string | null;
}

export interface JobWatch {
  /** The job's state now; undefined before it is stored. */
  state(): Promise<JobState | undefined>;
  close(): Promise<void>;
}

function stateOf(row: JobRow | undefined): JobState | undefined {
  if (!row) return undefined;
  return {
    status: row.status,
    rowCount: row.row_count === null ? null : Number(row.row_count),
    rowsFailed: Number(row.rows_failed),
    failureReason: row.failure_reason,
  };
}

export async function watchJob(databaseUrl: string): Promise<JobWatch> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    const latest = db.prepare<[], JobRow>(LATEST_JOB);
    return { state: async () => stateOf(latest.get()), close: async () => void db.close() };
  }
  const connection = await mysql.createConnection(databaseUrl);
  return {
    state: async () => {
      const [rows] = await connection.query(LATEST_JOB);
      return stateOf((rows as JobRow[])[0]);
    },
    close: () => connection.end(),
  };
}
