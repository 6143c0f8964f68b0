import type { Retrying } from './gateway-client';
import { progressBar } from './progress';

/** A batch job as the admin API shows it. */
export interface JobAnswer {
  jobId: number;
  type: string;
  status: string;
  rowCount: number | null;
  rowsProcessed: number;
  rowsSucceeded: number;
  rowsFailed: number;
  outcomes: Record<string, number>;
  duplicateOfJobId: number | null;
  failureReason: string | null;
}

/**
 * The exit codes of `submit-batch` and `follow-batch`, for scripts and CI pipelines
 * (docs/decisions/0066-batch-cli-for-scripts.md). Interrupted: 128 + the signal's number.
 */
export const BATCH_EXIT = {
  /** Finished, every row accepted (or, with --no-wait, queued). */
  ACCEPTED: 0,
  /** The gateway refused a call (a bad password, a duplicate file, ...) or could not be reached. */
  ERROR: 1,
  USAGE: 2,
  /** Finished, with rows refused: see the counts and the output file. */
  REFUSED_ROWS: 3,
  /** The job failed (the file could not be read) or was cancelled. */
  FAILED: 4,
  /** --timeout passed first; the job goes on. */
  TIMEOUT: 5,
} as const;

const FINISHED = ['SUCCESSFUL', 'FAILED', 'CANCELLED'];

export function isFinishedStatus(status: string): boolean {
  return FINISHED.includes(status);
}

/** What a finished job means for a script. */
export function exitCodeOf(job: Pick<JobAnswer, 'status' | 'rowsFailed'>): number {
  if (job.status !== 'SUCCESSFUL') return BATCH_EXIT.FAILED;
  return job.rowsFailed === 0 ? BATCH_EXIT.ACCEPTED : BATCH_EXIT.REFUSED_ROWS;
}

/** What each count means, said with the summary (a verify row that is answered is not always accepted). */
export const COUNT_MEANINGS = {
  rowsSucceeded: 'rows accepted: an achievement row applied; a verify row whose learner was verified (WSVRC001 to WSVRC004)',
  rowsFailed:
    'rows not accepted: refused with an error code; for verify rows also WSVRC005 (does not match) and WSVRC006 (ULN not found)',
  rowsProcessed: 'rows worked so far (accepted + not accepted), of rowCount rows in the file',
};

/** What the command tells its user: lines for a person, or one JSON object per line (--json). */
export interface BatchReport {
  submitted(job: JobAnswer): void;
  progress(job: JobAnswer): void;
  retrying(retrying: Retrying): void;
  finished(job: JobAnswer, output: string | undefined, exitCode: number): void;
  timedOut(job: JobAnswer, seconds: number): void;
  interrupted(job: JobAnswer, signal: string, cancelled: JobAnswer | undefined): void;
  error(code: string, message: string, jobId?: number): void;
  stop(): void;
}

export function jsonReport(write: (line: string) => void = (line) => process.stdout.write(line)): BatchReport {
  const event = (name: string, fields: Record<string, unknown>) => write(`${JSON.stringify({ event: name, ...fields })}\n`);
  const counts = (job: JobAnswer) => ({
    jobId: job.jobId,
    status: job.status,
    rowCount: job.rowCount,
    rowsProcessed: job.rowsProcessed,
    rowsSucceeded: job.rowsSucceeded,
    rowsFailed: job.rowsFailed,
  });
  return {
    submitted: (job) => event('submitted', { ...counts(job), duplicateOfJobId: job.duplicateOfJobId }),
    progress: (job) => event('progress', counts(job)),
    retrying: ({ status, waitMs, attempt }) => event('retrying', { httpStatus: status, waitSeconds: waitMs / 1000, attempt }),
    finished: (job, output, exitCode) =>
      event('finished', { ...counts(job), outcomes: job.outcomes, failureReason: job.failureReason, output, exitCode }),
    timedOut: (job, seconds) =>
      event('timeout', { ...counts(job), timeoutSeconds: seconds, exitCode: BATCH_EXIT.TIMEOUT, jobContinues: true }),
    interrupted: (job, signal, cancelled) =>
      event('interrupted', { ...counts(cancelled ?? job), signal, jobContinues: cancelled === undefined }),
    error: (code, message, jobId) => event('error', { code, message, jobId }),
    stop: () => undefined,
  };
}

export function humanReport(
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): BatchReport {
  let bar: ReturnType<typeof progressBar> | undefined;
  const show = (job: JobAnswer) => {
    bar ??= progressBar(`job ${job.jobId}`);
    bar.update({ done: job.rowsProcessed, total: job.rowCount, rows: job.rowsProcessed, status: job.status });
  };
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  const follow = (jobId: number) =>
    `follow it with: npm run cli -- follow-batch ${jobId}; cancel it with POST /admin/batches/${jobId}/cancel`;
  return {
    submitted(job) {
      const rows = job.rowCount === null ? '' : ` (${job.rowCount} rows)`;
      const duplicate = job.duplicateOfJobId ? ` (the same file as job ${job.duplicateOfJobId})` : '';
      out(`batch job ${job.jobId} queued${rows}${duplicate}`);
      show(job);
    },
    progress: show,
    retrying: ({ status, waitMs }) => err(`the gateway is busy (HTTP ${status}): asking again in ${waitMs / 1000} s`),
    finished(job, output, exitCode) {
      stopBar();
      const reason = job.failureReason ? `; ${job.failureReason}` : '';
      out(
        `${job.status}: ${job.rowsSucceeded} rows succeeded, ${job.rowsFailed} refused, of ${job.rowsProcessed} processed${reason}`,
      );
      out(`  succeeded = ${COUNT_MEANINGS.rowsSucceeded}`);
      out(`  refused = ${COUNT_MEANINGS.rowsFailed}`);
      out('  by outcome:');
      for (const [outcome, count] of Object.entries(job.outcomes)) out(`    ${outcome}: ${count}`);
      if (output) out(`output written to ${output}`);
      out(`exit code ${exitCode}`);
    },
    timedOut(job, seconds) {
      stopBar();
      err(
        `timed out after ${seconds} s: batch job ${job.jobId} is ${job.status} and goes on at the gateway; ${follow(job.jobId)}`,
      );
    },
    interrupted(job, signal, cancelled) {
      stopBar();
      if (cancelled)
        err(`${signal}: batch job ${job.jobId} is ${cancelled.status} (--cancel-on-exit); rows already applied stay applied`);
      else err(`${signal}: batch job ${job.jobId} goes on at the gateway (it is not cancelled); ${follow(job.jobId)}`);
    },
    error(code, message) {
      stopBar();
      err(`${code}: ${message}`);
    },
    stop: stopBar,
  };
}
