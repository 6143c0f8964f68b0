import { formatInstant } from './journal-view.rules';

/**
 * A batch job as the console shows it, from the admin API's answer (docs/decisions/0088-the-compatibility-console.md).
 * Pure functions.
 */

export interface BatchJobAnswer {
  jobId: number;
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT';
  format: 'CSV' | 'XML';
  fileName: string;
  status: 'WAITING' | 'IN_PROGRESS' | 'SUCCESSFUL' | 'FAILED' | 'CANCELLED';
  submittedAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  rowCount?: number | null;
  rowsProcessed: number;
  rowsSucceeded: number;
  rowsFailed: number;
  outcomes: Record<string, number>;
  duplicateOfJobId?: number | null;
  failureReason?: string | null;
}

const KINDS: Record<BatchJobAnswer['type'], string> = { VERIFY_LEARNER: 'Verify learners', ACHIEVEMENT: 'Achievements' };

const STATUS: Record<BatchJobAnswer['status'], { text: string; classes: string }> = {
  WAITING: { text: 'Waiting', classes: 'govuk-tag--grey' },
  IN_PROGRESS: { text: 'In progress', classes: 'govuk-tag--blue' },
  SUCCESSFUL: { text: 'Successful', classes: 'govuk-tag--green' },
  FAILED: { text: 'Failed', classes: 'govuk-tag--red' },
  CANCELLED: { text: 'Cancelled', classes: 'govuk-tag--yellow' },
};

export function isRunning(status: BatchJobAnswer['status']): boolean {
  return status === 'WAITING' || status === 'IN_PROGRESS';
}

/** Rows done of the total, in words and as a progress bar's value and maximum (the total is unknown until the file is read). */
export function progressOf(job: Pick<BatchJobAnswer, 'rowsProcessed' | 'rowCount' | 'rowsFailed'>) {
  const total = job.rowCount ?? undefined;
  const failed = job.rowsFailed > 0 ? `, ${job.rowsFailed} refused` : '';
  return {
    value: job.rowsProcessed,
    max: total ?? 0,
    text: total === undefined ? `${job.rowsProcessed} rows done${failed}` : `${job.rowsProcessed} of ${total} rows done${failed}`,
  };
}

/** One job as a row of the list, a page of its own, or a live update. */
export function batchView(job: BatchJobAnswer) {
  return {
    id: job.jobId,
    href: `/console/batches/${job.jobId}`,
    kind: KINDS[job.type],
    format: job.format,
    fileName: job.fileName,
    status: STATUS[job.status],
    running: isRunning(job.status),
    progress: progressOf(job),
    submitted: formatInstant(job.submittedAt),
    started: job.startedAt ? formatInstant(job.startedAt) : undefined,
    finished: job.finishedAt ? formatInstant(job.finishedAt) : undefined,
    outcomes: Object.entries(job.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, rows]) => ({ code, rows })),
    duplicateOf: job.duplicateOfJobId ?? undefined,
    failureReason: job.failureReason ?? undefined,
  };
}
