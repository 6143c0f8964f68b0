import type { OutgoingMail } from '../platform/mail/outbox';
import type { BatchJob } from './batch-job';

const KIND: Record<BatchJob['type'], string> = {
  VERIFY_LEARNER: 'verify learner',
  ACHIEVEMENT: 'achievement',
  LEARNER_REGISTRATION: 'learner registration',
};
/** The operation that gives each learner's result, by kind of job. */
const OUTPUT_OPERATION: Record<BatchJob['type'], string> = {
  VERIFY_LEARNER: "getVerifyBatchOutput with this JobID gives each learner's result.",
  ACHIEVEMENT: 'GetAchievementBatchJob with this job id gives the counts and the refused records.',
  LEARNER_REGISTRATION: "getBatchRegistrationOutput with this JobID gives each learner's result.",
};

/**
 * The address an LRS-compatible submission asked to be told at (submitVerifyBatch's OrgEmail,
 * SubmitAchievementBatchJob's emailAddress); none for the other surfaces, which name no address.
 */
export function completionAddressOf(job: BatchJob): string | undefined {
  const address = job.details.orgEmail ?? job.details.emailAddress;
  return typeof address === 'string' && address.trim() !== '' ? address.trim() : undefined;
}

/**
 * The mail that tells that address its job has finished: the job id, its status and counts by
 * outcome code, never learner data (guide 1.3: no ULN or demographics in an unencrypted mail), and
 * not the file name or a failure reason, which may quote the file. Once per job: its dedupe key.
 * docs/decisions/0059-batch-completion-mail.md
 */
export function completionMail(job: BatchJob): OutgoingMail | undefined {
  const to = completionAddressOf(job);
  if (!to) return undefined;
  const outcomes = Object.entries(job.counters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, count]) => `  ${outcome}: ${count}`);
  const text = [
    `Your ${KIND[job.type]} batch job ${job.id} has finished: ${job.status}.`,
    '',
    `Job id: ${job.id}`,
    `Status: ${job.status}`,
    `Submitted: ${job.submittedAt.toISOString()}`,
    `Finished: ${job.finishedAt?.toISOString() ?? ''}`,
    `Records: ${job.rowCount ?? job.rowsSucceeded + job.rowsFailed}`,
    `Succeeded: ${job.rowsSucceeded}`,
    `Refused: ${job.rowsFailed}`,
    ...(outcomes.length > 0 ? ['By outcome:', ...outcomes] : []),
    '',
    OUTPUT_OPERATION[job.type],
  ].join('\n');
  return {
    dedupeKey: `batch-finished:${job.id}`,
    kind: 'batch-finished',
    to,
    subject: `Batch job ${job.id} ${job.status}`,
    text,
  };
}
