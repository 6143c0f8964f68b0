import { Readable } from 'node:stream';
import type { Principal } from '../platform/auth/accounts';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { isDeadlock, isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import type { XmlLimits } from '../platform/xml/xml-prescan';
import { holdsAny, type Role } from '../platform/auth/roles';
import { isCalendarDate } from '../learners/dates';
import {
  type BatchJob,
  type BatchJobFilter,
  type BatchOrigin,
  DEFAULT_JOB_PAGE_SIZE,
  duplicateHandling,
  isFinished,
  MAX_JOB_PAGE_SIZE,
} from './batch-job';
import { BATCH_TYPES, type BatchFormat, type BatchType, layoutOf } from './batch-layouts';
import type { BatchStore } from './batch.store';
import { batchSlices } from './formats/batch-text';
import { JobSignals } from './job-signals';
import { countingRows } from './row-count';
import { writeCsvRows } from './formats/csv-rows';
import { writeXmlRows } from './formats/xml-rows';

/** How often a reader waiting on a job worked in another process reads its row. */
const PROGRESS_POLL_MS = 100;

/**
 * guide Appendix A: verify batches for the Awarding Body Batch User, achievement batches for the QCF Record Set User;
 * learner registration for LRB users and Awarding Body Batch Users (docs/decisions/0086-batch-registration.md).
 */
export const BATCH_ROLES: Record<BatchType, readonly Role[]> = {
  VERIFY_LEARNER: ['AWARDING_BODY_BATCH_USER'],
  ACHIEVEMENT: ['QCF_RECORD_SET_USER'],
  LEARNER_REGISTRATION: ['LRB_USER', 'AWARDING_BODY_BATCH_USER'],
};

export interface Submission {
  type: BatchType;
  format: BatchFormat;
  fileName: string;
  content: Readable;
  origin: BatchOrigin;
  details?: Record<string, unknown>;
}

export interface ListBatchJobsQuery {
  type?: BatchType;
  status?: BatchJobFilter['status'];
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface BatchJobPage {
  jobs: BatchJob[];
  page: number;
  pageSize: number;
  total: number;
}

/** The batch use cases: submit, list, read, fetch the output, cancel. An organisation sees only its own jobs. */
export class BatchService {
  constructor(
    private readonly db: Database,
    private readonly store: BatchStore,
    private readonly audit: AuditTrail,
    private readonly xmlLimits: XmlLimits,
    private readonly signals: JobSignals = new JobSignals(),
    /** What an organisation needs, besides the user's role, to submit a kind of batch (learner registration: learner management). */
    private readonly submissionGuards: Partial<Record<BatchType, (principal: Principal) => Promise<void>>> = {},
  ) {}

  /**
   * Stores the file as it arrives, checking it on the way (UTF-8, and an XML file's structure):
   * a file that breaks a check is refused before it is stored whole or any parser reads it.
   */
  async submit(submission: Submission, context: CallContext): Promise<BatchJob> {
    requireBatchRole(context.principal, submission.type);
    const { principal } = context;
    await this.submissionGuards[submission.type]?.(principal);
    const checked = Readable.from(
      mapAsync(batchSlices(submission.content, submission.format === 'XML' ? this.xmlLimits : undefined), (slice) => slice.bytes),
    );
    const counted = countingRows(checked, layoutOf(submission.type), submission.format, this.xmlLimits);
    const received = await this.store.receive(
      {
        organisationId: principal.organisationId,
        userId: principal.userId,
        username: principal.username,
        type: submission.type,
        format: submission.format,
        fileName: submission.fileName,
        origin: submission.origin,
        details: submission.details,
      },
      counted.content,
    );
    if (received.bytes === 0) {
      await this.store.discard(received.id);
      throw new DomainError('BATCH_FILE_INVALID', 'The file is empty');
    }
    const earlier = await this.store.earlierWithContent(principal.organisationId, submission.type, received.sha256, received.id);
    // An uploaded achievement file would be applied twice; other submissions may rightly repeat, and are only flagged.
    const refusesDuplicate = duplicateHandling(submission.origin, submission.type) === 'REFUSE';
    if (earlier !== null && refusesDuplicate) {
      await this.store.discard(received.id);
      throw duplicateFile(earlier);
    }
    const upload = { sha256: received.sha256, bytes: received.bytes, rowCount: await counted.rowCount };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.db.transaction(async () => {
          await this.store.open(received.id, upload, earlier, refusesDuplicate);
          await this.audit.record(auditEntryOf(context, 'SubmitBatchJob', `batch job ${received.id}`));
        });
        break;
      } catch (error) {
        // Racing claims on one unique key may end in a deadlock on MariaDB: nothing was written, so claim again.
        if (isDeadlock(error) && attempt < OPEN_ATTEMPTS) continue;
        // The same file, uploaded at the same moment, claimed its content first (docs/decisions/0044-atomic-duplicate-batch-check.md).
        if (!isUniqueViolation(error)) throw error;
        await this.store.discard(received.id);
        throw duplicateFile(await this.store.claimHolder(principal.organisationId, received.sha256));
      }
    }
    this.signals.submitted();
    return (await this.store.find(received.id)) as BatchJob;
  }

  /**
   * guide Appendix A "View Batch Job": the organisation's jobs, newest first, of the kinds the
   * caller's roles work (or the one asked for), by status and submission days, a page at a time.
   */
  async list(query: ListBatchJobsQuery, context: CallContext): Promise<BatchJobPage> {
    const { principal } = context;
    if (query.type) requireBatchRole(principal, query.type);
    const types = query.type
      ? [query.type]
      : BATCH_TYPES.filter((type) => holdsAny(principal.roles as Role[], BATCH_ROLES[type]));
    if (types.length === 0) throw new DomainError('ROLE_REQUIRED', 'Listing batch jobs needs a batch role');
    for (const date of [query.from, query.to]) {
      if (date !== undefined && !isCalendarDate(date))
        throw new DomainError('REQUEST_INVALID', `${date} is not a yyyy-mm-dd date`);
    }
    if (query.from && query.to && query.from > query.to) {
      throw new DomainError('REQUEST_INVALID', 'The first day of the range is after its last');
    }
    const page = query.page !== undefined && Number.isSafeInteger(query.page) && query.page >= 1 ? query.page : 1;
    const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? DEFAULT_JOB_PAGE_SIZE), 1), MAX_JOB_PAGE_SIZE);
    const { jobs, total } = await this.store.list(principal.organisationId, { ...query, types, page, pageSize });
    this.audit.recordSoon(auditEntryOf(context, 'ListBatchJobs', null));
    return { jobs, page, pageSize, total };
  }

  /** The job; `type`, when the caller asks for a job of one kind (an LRS operation), one of another kind is not found. */
  async get(jobId: number, context: CallContext, type?: BatchType): Promise<BatchJob> {
    const job = await this.store.find(jobId);
    // Another organisation's job is as invisible as a missing one.
    if (
      !job ||
      job.organisationId !== context.principal.organisationId ||
      job.status === 'RECEIVING' ||
      (type && job.type !== type)
    ) {
      throw new DomainError('BATCH_JOB_NOT_FOUND');
    }
    requireBatchRole(context.principal, job.type);
    return job;
  }

  /**
   * The job once it differs from what the caller last saw (its status or rows processed), or as it
   * is after `maxMs`: a reader follows a job without asking again and again. Progress made in this
   * process answers at once; a worker elsewhere is seen by reading the job's row every PROGRESS_POLL_MS.
   */
  async getWhenChanged(
    jobId: number,
    context: CallContext,
    seen: { status?: string; rowsProcessed?: number },
    maxMs: number,
  ): Promise<BatchJob> {
    const until = Date.now() + maxMs;
    for (;;) {
      const job = await this.get(jobId, context);
      const changed =
        (seen.status !== undefined && publicStatus(job.status) !== seen.status) ||
        (seen.rowsProcessed !== undefined && job.rowsSucceeded + job.rowsFailed !== seen.rowsProcessed);
      const left = until - Date.now();
      if (changed || isFinished(job.status) || left <= 0 || this.signals.isClosed) return job;
      await this.signals.nextProgress(jobId, Math.min(PROGRESS_POLL_MS, left));
    }
  }

  /** The output file, built from the stored results in the input's format, streamed. */
  async output(jobId: number, context: CallContext): Promise<{ job: BatchJob; content: Readable }> {
    const job = await this.get(jobId, context);
    if (!isFinished(job.status)) throw new DomainError('BATCH_NOT_FINISHED');
    this.audit.recordSoon(auditEntryOf(context, 'GetBatchJobOutput', `batch job ${jobId}`));
    return { job, content: this.outputOf(job) };
  }

  /** The stored results of a job, in row order. */
  resultsOf(job: BatchJob) {
    return this.store.results(job.id);
  }

  outputOf(job: BatchJob): Readable {
    const layout = layoutOf(job.type);
    const records = mapAsync(this.store.results(job.id), (result) => result.output);
    return job.format === 'CSV'
      ? writeCsvRows(records, [...layout.columns, ...layout.resultColumns])
      : Readable.from(writeXmlRows(records, layout));
  }

  async cancel(jobId: number, context: CallContext): Promise<BatchJob> {
    const job = await this.get(jobId, context);
    if (isFinished(job.status)) throw new DomainError('BATCH_ALREADY_FINISHED');
    await this.store.requestCancel(job.id);
    await this.audit.record(auditEntryOf(context, 'CancelBatchJob', `batch job ${jobId}`));
    return (await this.store.find(job.id)) as BatchJob;
  }
}

/** How often a job is opened again after its claim was a deadlock victim. */
const OPEN_ATTEMPTS = 5;

function duplicateFile(earlier: number | null): DomainError {
  return new DomainError('BATCH_DUPLICATE_FILE', `This file was already submitted as batch job ${earlier ?? ''}`.trim());
}

/** RECEIVING is the store's own state: callers see the job waiting. */
export function publicStatus(status: BatchJob['status']): Exclude<BatchJob['status'], 'RECEIVING'> {
  return status === 'RECEIVING' ? 'WAITING' : status;
}

export function requireBatchRole(principal: Principal, type: BatchType): void {
  if (!holdsAny(principal.roles as Role[], BATCH_ROLES[type])) {
    throw new DomainError('ROLE_REQUIRED', `${type} batches need one of the roles ${BATCH_ROLES[type].join(', ')}`);
  }
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, map: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield map(value);
}
