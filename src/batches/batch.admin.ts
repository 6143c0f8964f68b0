import { Transform } from 'node:stream';
import type { AdminRoute } from '../admin/admin-route';
import { DomainError } from '../platform/errors';
import type { Role } from '../platform/auth/roles';
import { type BatchJob, outputFileName } from './batch-job';
import type { BatchFormat, BatchType } from './batch-layouts';
import { type BatchService, type ListBatchJobsQuery, publicStatus } from './batch.service';
import { paging } from '../users/users.admin';

const BATCH_USERS: Role[] = ['AWARDING_BODY_BATCH_USER', 'QCF_RECORD_SET_USER'];
const FILE_TYPES = ['text/csv', 'application/xml', 'text/xml', 'application/octet-stream'];

/** Batch files over the admin API: a streamed upload of any size, the job, its output, cancelling. */
export function batchAdminRoutes(service: BatchService, uploadLimitBytes: number): AdminRoute[] {
  const jobId = (params: Record<string, string>) => {
    if (!/^\d{1,15}$/.test(params.id)) throw new DomainError('BATCH_JOB_NOT_FOUND');
    return Number(params.id);
  };
  return [
    {
      method: 'post',
      path: '/batches',
      summary: 'Upload a batch file (the body is the file, streamed) and queue it as a job',
      tag: 'Batches',
      roles: BATCH_USERS,
      querySchema: 'admin/batches/submit.query',
      rawBody: { contentTypes: FILE_TYPES },
      responseSchema: 'admin/batches/job',
      status: 202,
      async handle({ query, stream, context }) {
        const { type, format, fileName } = query as { type: BatchType; format: BatchFormat; fileName: string };
        const content = (stream as NodeJS.ReadableStream).pipe(limitTo(uploadLimitBytes));
        return jobView(await service.submit({ type, format, fileName, content, origin: 'ADMIN' }, context));
      },
    },
    {
      method: 'get',
      path: '/batches',
      summary: "Your organisation's batch jobs, newest first, by kind, status and submission days, a page at a time",
      tag: 'Batches',
      roles: BATCH_USERS,
      querySchema: 'admin/batches/list.query',
      responseSchema: 'admin/batches/list',
      async handle({ query, context }) {
        const q = query as Omit<ListBatchJobsQuery, 'page' | 'pageSize'> & { page?: string; pageSize?: string };
        const found = await service.list({ ...q, ...paging(q) }, context);
        return { page: found.page, pageSize: found.pageSize, total: found.total, jobs: found.jobs.map(jobView) };
      },
    },
    {
      method: 'get',
      path: '/batches/:id',
      summary:
        'Read a batch job: status, rows done of the total, counts by outcome, timings. With waitSeconds, the answer ' +
        'waits until the status or rowsProcessed differs from the ones given, or that many seconds pass',
      tag: 'Batches',
      roles: BATCH_USERS,
      querySchema: 'admin/batches/job.query',
      responseSchema: 'admin/batches/job',
      async handle({ params, query, context }) {
        const { waitSeconds, status, rowsProcessed } = query as { waitSeconds?: string; status?: string; rowsProcessed?: string };
        if (waitSeconds === undefined) return jobView(await service.get(jobId(params), context));
        const seen = { status, rowsProcessed: rowsProcessed === undefined ? undefined : Number(rowsProcessed) };
        return jobView(await service.getWhenChanged(jobId(params), context, seen, Number(waitSeconds) * 1000));
      },
    },
    {
      method: 'get',
      path: '/batches/:id/output',
      summary: 'Download a finished job’s output file, in the input’s format',
      tag: 'Batches',
      roles: BATCH_USERS,
      responseSchema: 'admin/batches/job',
      fileResponse: { contentTypes: ['text/csv', 'application/xml'] },
      async handle({ params, context }) {
        const { job, content } = await service.output(jobId(params), context);
        return {
          file: content,
          contentType: job.format === 'CSV' ? 'text/csv' : 'application/xml',
          fileName: outputFileName(job),
        };
      },
    },
    {
      method: 'post',
      path: '/batches/:id/cancel',
      summary: 'Cancel a job that has not finished (rows already applied stay applied)',
      tag: 'Batches',
      roles: BATCH_USERS,
      responseSchema: 'admin/batches/job',
      handle: async ({ params, context }) => jobView(await service.cancel(jobId(params), context)),
    },
  ];
}

export function jobView(job: BatchJob) {
  return {
    jobId: job.id,
    type: job.type,
    format: job.format,
    fileName: job.fileName,
    status: publicStatus(job.status),
    submittedAt: job.submittedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    rowCount: job.rowCount,
    rowsProcessed: job.rowsSucceeded + job.rowsFailed,
    rowsSucceeded: job.rowsSucceeded,
    rowsFailed: job.rowsFailed,
    outcomes: job.counters,
    contentSha256: job.contentSha256,
    duplicateOfJobId: job.duplicateOfJobId,
    failureReason: job.failureReason,
  };
}

function limitTo(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new DomainError('MESSAGE_TOO_LARGE', `A batch file may be at most ${limit} bytes`));
      else done(null, chunk);
    },
  });
}
