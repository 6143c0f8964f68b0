import { Readable } from 'node:stream';
import { leaf } from '../platform/xml/xml-writer';
import { optionalDateOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { AO_NS, aoCallContext, aoOperation } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import { type BatchJob, outputFileName } from './batch-job';
import type { BatchFormat, BatchType } from './batch-layouts';
import type { BatchService, ListBatchJobsQuery, Submission } from './batch.service';

const BATCH_USERS: Role[] = ['AWARDING_BODY_BATCH_USER', 'QCF_RECORD_SET_USER'];

/** The batch operations of the AO gateway. The service checks the role that fits each job's type (or, listing, the types asked). */
export function batchOperations(service: BatchService): SoapOperation[] {
  const jobIdOf = (payload: XmlObject) => Number(textOf(payload, 'JobId'));
  return [
    aoOperation('SubmitBatchJob', BATCH_USERS, {
      carriesBatchFile: true,
      read: (payload): Submission => ({
        type: textOf(payload, 'Type') as BatchType,
        format: textOf(payload, 'Format') as BatchFormat,
        fileName: textOf(payload, 'FileName').trim(),
        content: Readable.from([Buffer.from(textOf(payload, 'Content').replace(/\s+/g, ''), 'base64')]),
        origin: 'AO_GATEWAY',
      }),
      handle: (submission, call) => service.submit(submission, aoCallContext(call)),
      write: jobResponse('SubmitBatchJobResponse'),
    }),
    aoOperation('GetBatchJob', BATCH_USERS, {
      read: jobIdOf,
      handle: (jobId, call) => service.get(jobId, aoCallContext(call)),
      write: jobResponse('GetBatchJobResponse'),
    }),
    aoOperation('ListBatchJobs', BATCH_USERS, {
      read: (payload): ListBatchJobsQuery => {
        const number = (name: string) => {
          const text = optionalTextOf(payload, name);
          return text === undefined ? undefined : Number(text);
        };
        return {
          type: optionalTextOf(payload, 'Type') as BatchType | undefined,
          status: optionalTextOf(payload, 'Status') as ListBatchJobsQuery['status'],
          from: optionalDateOf(payload, 'From'),
          to: optionalDateOf(payload, 'To'),
          page: number('Page'),
          pageSize: number('PageSize'),
        };
      },
      handle: (query, call) => service.list(query, aoCallContext(call)),
      write: (found) =>
        `<ao:ListBatchJobsResponse xmlns:ao="${AO_NS}"><ao:BatchJobList>` +
        found.jobs.map(renderJob).join('') +
        leaf('ao:Page', found.page) +
        leaf('ao:PageSize', found.pageSize) +
        leaf('ao:TotalCount', found.total) +
        '</ao:BatchJobList></ao:ListBatchJobsResponse>',
    }),
    aoOperation('CancelBatchJob', BATCH_USERS, {
      read: jobIdOf,
      handle: (jobId, call) => service.cancel(jobId, aoCallContext(call)),
      write: jobResponse('CancelBatchJobResponse'),
    }),
    aoOperation('GetBatchJobOutput', BATCH_USERS, {
      read: jobIdOf,
      handle: async (jobId, call) => {
        const { job, content } = await service.output(jobId, aoCallContext(call));
        const chunks: Buffer[] = [];
        for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
        return { job, content: Buffer.concat(chunks) };
      },
      write: ({ job, content }) =>
        `<ao:GetBatchJobOutputResponse xmlns:ao="${AO_NS}"><ao:Output>` +
        leaf('ao:JobId', job.id) +
        leaf('ao:Format', job.format) +
        leaf('ao:FileName', outputFileName(job)) +
        leaf('ao:Content', content.toString('base64')) +
        '</ao:Output></ao:GetBatchJobOutputResponse>',
    }),
  ];
}

/** The output file is named after the input: results-<input name>. */
function jobResponse(element: string): (job: BatchJob) => string {
  return (job) => `<ao:${element} xmlns:ao="${AO_NS}">${renderJob(job)}</ao:${element}>`;
}

function renderJob(job: BatchJob): string {
  const iso = (date: Date | null) => (date === null ? undefined : date.toISOString());
  return (
    '<ao:Job>' +
    leaf('ao:JobId', job.id) +
    leaf('ao:Type', job.type) +
    leaf('ao:Format', job.format) +
    leaf('ao:FileName', job.fileName) +
    leaf('ao:Status', job.status === 'RECEIVING' ? 'WAITING' : job.status) +
    leaf('ao:SubmittedAt', job.submittedAt.toISOString()) +
    leaf('ao:StartedAt', iso(job.startedAt)) +
    leaf('ao:FinishedAt', iso(job.finishedAt)) +
    leaf('ao:RowCount', job.rowCount ?? undefined) +
    leaf('ao:RowsProcessed', job.rowsSucceeded + job.rowsFailed) +
    leaf('ao:RowsSucceeded', job.rowsSucceeded) +
    leaf('ao:RowsFailed', job.rowsFailed) +
    leaf('ao:ContentSha256', job.contentSha256) +
    leaf('ao:DuplicateOfJobId', job.duplicateOfJobId ?? undefined) +
    leaf('ao:FailureReason', job.failureReason ?? undefined) +
    '</ao:Job>'
  );
}
