import type { BatchFormat, BatchType } from './batch-layouts';

export const BATCH_JOB_STATUSES = ['RECEIVING', 'WAITING', 'IN_PROGRESS', 'SUCCESSFUL', 'FAILED', 'CANCELLED'] as const;
export type BatchJobStatus = (typeof BATCH_JOB_STATUSES)[number];
export type BatchOrigin = 'AO_GATEWAY' | 'ADMIN' | 'LRS_VERIFY' | 'LRS_EXTERNAL' | 'LRS_REGISTER';

/** A batch job as stored: who submitted what, where the worker has got to, and what it found. */
export interface BatchJob {
  id: number;
  organisationId: number;
  userId: number;
  username: string;
  type: BatchType;
  format: BatchFormat;
  fileName: string;
  origin: BatchOrigin;
  contentSha256: string;
  contentBytes: number;
  duplicateOfJobId: number | null;
  status: BatchJobStatus;
  cancelRequested: boolean;
  rowCount: number | null;
  /** Rows committed so far: the worker resumes after them. */
  nextRow: number;
  rowsSucceeded: number;
  rowsFailed: number;
  /** Rows by outcome (OK, WSVRC001, GRADE_INVALID, ...). */
  counters: Record<string, number>;
  attempts: number;
  failureReason: string | null;
  /** What an LRS-compatible submission carried besides its records (email, submission type, count). */
  details: Record<string, unknown>;
  submittedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Which of an organisation's jobs to list (guide Appendix A "View Batch Job"). */
export interface BatchJobFilter {
  types: BatchType[];
  status?: Exclude<BatchJobStatus, 'RECEIVING'>;
  /** Submission days, yyyy-mm-dd, UTC, inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_JOB_PAGE_SIZE = 50;
export const MAX_JOB_PAGE_SIZE = 200;

export function isFinished(status: BatchJobStatus): boolean {
  return status === 'SUCCESSFUL' || status === 'FAILED' || status === 'CANCELLED';
}

/**
 * What an identical earlier submission of the organisation means, by where the batch came from.
 * An uploaded achievement file (admin API, the AO gateway's SubmitBatchJob) sent twice would apply
 * its rows twice: refused. A verify file changes nothing: flagged. An ExternalService request is a
 * call of the real contract, not a file: the same achievements may rightly be sent again (withdraw,
 * reinstate, withdraw again), so it is flagged only. docs/decisions/0057-what-counts-as-a-duplicate-batch.md
 */
export function duplicateHandling(origin: BatchOrigin, type: BatchType): 'REFUSE' | 'FLAG' {
  const uploadedFile = origin === 'ADMIN' || origin === 'AO_GATEWAY';
  return uploadedFile && type === 'ACHIEVEMENT' ? 'REFUSE' : 'FLAG';
}

/** The name a job's results file is offered under, on every surface. */
export function outputFileName(job: BatchJob): string {
  return `results-${job.fileName}`;
}
