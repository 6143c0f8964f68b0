import { Readable } from 'node:stream';
import { leaf } from '../platform/xml/xml-writer';
import { optionalDateOf, optionalTextOf, textOf } from '../platform/xml/xml-object';
import { AO_NS, aoCallContext } from '../soap/ao-gateway';
import type { AuthorisedCall, SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import { type BatchJob, outputFileName } from './batch-job';
import type { BatchFormat, BatchType } from './batch-layouts';
import type { BatchService, ListBatchJobsQuery } from './batch.service';

const BATCH_USERS: Role[] = ['AWARDING_BODY_BATCH_USER', 'QCF_RECORD_SET_USER'];

/** The batch operations of the AO gateway. The service checks the role that fits each job's type (or, listing, the types asked). */
export function batchOperations(service: BatchService): SoapOperation[] {
  const jobId = (call: AuthorisedCall) => Number(textOf(call.payload, 'JobId'));
  return [
    operation('SubmitBatchJob', async (call) => {
      const content = Buffer.from(textOf(call.payload, 'Content').replace(/\s+/g, ''), 'base64');
      const job = await service.submit(
        {
          type: textOf(call.payload, 'Type') as BatchType,
          format: textOf(call.payload, 'Format') as BatchFormat,
          fileName: textOf(call.payload, 'FileName').trim(),
          content: Readable.from([content]),
          origin: 'AO_GATEWAY',
        },
        aoCallContext(call),
      );
      return jobResponse('SubmitBatchJobResponse', job);
    }),
    operation('GetBatchJob', async (call) =>
      jobResponse('GetBatchJobResponse', await service.get(jobId(call), aoCallContext(call))),
    ),
    operation('ListBatchJobs', async (call) => {
      const number = (name: string) => {
        const text = optionalTextOf(call.payload, name);
        return text === undefined ? undefined : Number(text);
      };
      const found = await service.list(
        {
          type: optionalTextOf(call.payload, 'Type') as BatchType | undefined,
          status: optionalTextOf(call.payload, 'Status') as ListBatchJobsQuery['status'],
          from: optionalDateOf(call.payload, 'From'),
          to: optionalDateOf(call.payload, 'To'),
          page: number('Page'),
          pageSize: number('PageSize'),
        },
        aoCallContext(call),
      );
      return (
        `<ao:ListBatchJobsResponse xmlns:ao="${AO_NS}"><ao:BatchJobList>` +
        found.jobs.map(renderJob).join('') +
        leaf('ao:Page', found.page) +
        leaf('ao:PageSize', found.pageSize) +
        leaf('ao:TotalCount', found.total) +
        '</ao:BatchJobList></ao:ListBatchJobsResponse>'
      );
    }),
    operation('CancelBatchJob', async (call) =>
      jobResponse('CancelBatchJobResponse', await service.cancel(jobId(call), aoCallContext(call))),
    ),
    operation('GetBatchJobOutput', async (call) => {
      const { job, content } = await service.output(jobId(call), aoCallContext(call));
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      return (
        `<ao:GetBatchJobOutputResponse xmlns:ao="${AO_NS}"><ao:Output>` +
        leaf('ao:JobId', job.id) +
        leaf('ao:Format', job.format) +
        leaf('ao:FileName', outputFileName(job)) +
        leaf('ao:Content', Buffer.concat(chunks).toString('base64')) +
        '</ao:Output></ao:GetBatchJobOutputResponse>'
      );
    }),
  ];
}

function operation(name: string, handle: (call: AuthorisedCall) => Promise<string>): SoapOperation {
  return {
    name,
    requestElement: `{${AO_NS}}${name}`,
    soapAction: `${AO_NS}/${name}`,
    roles: BATCH_USERS,
    carriesBatchFile: name === 'SubmitBatchJob',
    handle,
  };
}

/** The output file is named after the input: results-<input name>. */
function jobResponse(element: string, job: BatchJob): string {
  return `<ao:${element} xmlns:ao="${AO_NS}">${renderJob(job)}</ao:${element}>`;
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
