import type { CallContext } from '../../platform/call-context';
import { isDomainError } from '../../platform/errors';
import { type BatchJob, isFinished } from '../batch-job';
import type { BatchType } from '../batch-layouts';
import type { BatchService } from '../batch.service';

/** The job and, once it is finished, its result rows; undefined when the caller's organisation has no such job. */
export type LrsJobOutput = { job: BatchJob; rows: Record<string, string | undefined>[] } | undefined;

/**
 * What an LRS "get output" call answers from: the caller's job of this type and its results. An
 * unknown job is not a fault on these services but a response code, so it is answered as undefined.
 */
export async function lrsJobOutput(
  service: BatchService,
  jobId: number,
  context: CallContext,
  type: BatchType,
): Promise<LrsJobOutput> {
  let job: BatchJob;
  try {
    job = await service.get(jobId, context, type);
  } catch (error) {
    if (isDomainError(error) && error.code === 'BATCH_JOB_NOT_FOUND') return undefined;
    throw error;
  }
  const rows: Record<string, string | undefined>[] = [];
  if (isFinished(job.status)) for await (const result of service.resultsOf(job)) rows.push(result.output);
  return { job, rows };
}
