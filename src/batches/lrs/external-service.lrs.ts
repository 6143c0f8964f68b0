import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { SPREADSHEET_SAFE_CAST } from '../../platform/csv/spreadsheet-safe';
import { DomainError, isDomainError } from '../../platform/errors';
import { optionalTextOf, type XmlObject, objectOf } from '../../platform/xml/xml-object';
import { leaf, nillableLeaf } from '../../platform/xml/xml-writer';
import { EXTERNAL_MODEL_NS, EXTERNAL_SERVICES_NS, externalCallContext } from '../../soap/lrs-external-service';
import type { SoapOperation } from '../../soap/soap-call';
import type { BatchJob } from '../batch-job';
import { ACHIEVEMENT_LAYOUT } from '../batch-layouts';
import type { BatchService } from '../batch.service';
import { asList } from './verify-batch.lrs';

/** The most achievements one SubmitAchievementBatchJob may carry (WSEC0046; the real limit is not published). */
export const MAX_ACHIEVEMENTS_PER_REQUEST = 5000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

const STATUS: Record<string, string> = {
  WAITING: 'Waiting',
  RECEIVING: 'Waiting',
  IN_PROGRESS: 'InProgress',
  SUCCESSFUL: 'Successful',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** Which GetAchievementBatchJob error counter a refused row counts in. */
const FIELD_ERRORS = new Set([
  'REQUEST_INVALID',
  'BATCH_FILE_INVALID',
  'ULN_INVALID',
  'AIM_REFERENCE_INVALID',
  'AWARD_DATE_INVALID',
  'ACTION_DATE_INVALID',
  'PROVIDER_UKPRN_INVALID',
  'LANGUAGE_INVALID',
]);
const LEARNER_ERRORS = new Set(['LEARNER_NOT_VERIFIED', 'NAMES_DIFFER_FROM_CREATION', 'POSTCODE_INVALID', 'POSTCODE_PROHIBITED']);

/**
 * SubmitAchievementBatchJob and GetAchievementBatchJob (docs/contracts.md, "Achievement upload"): the achievements
 * become an achievement batch job, worked like any other; the job answer is counted from its results.
 */
export function externalServiceOperations(service: BatchService): SoapOperation[] {
  return [submitAchievementBatchJob(service), getAchievementBatchJob(service)];
}

interface AchievementBatchSubmission {
  emailAddress?: string;
  submissionType: string;
  achievements: XmlObject[];
}

function submitAchievementBatchJob(
  service: BatchService,
): SoapOperation<AchievementBatchSubmission, { responseCode?: string; jobId: number }> {
  return {
    name: 'SubmitAchievementBatchJob',
    requestElement: `{${EXTERNAL_SERVICES_NS}}SubmitAchievementBatchJob`,
    soapAction: `${EXTERNAL_SERVICES_NS}/IExternalService/SubmitAchievementBatchJob`,
    roles: ['QCF_RECORD_SET_USER'],
    carriesBatchFile: true,
    read(payload) {
      const emailAddress = optionalTextOf(payload, 'emailAddress');
      if (emailAddress !== undefined && !EMAIL.test(emailAddress)) throw new DomainError('BATCH_EMAIL_INVALID');
      const submissionType = optionalTextOf(payload, 'submissionType') ?? 'Final';
      // Provisional achievements are not modelled: every achievement here is final.
      if (submissionType.toLowerCase() !== 'final') {
        throw new DomainError(
          'BATCH_SUBMISSION_TYPE_INVALID',
          'The submission type must be Final (provisional submissions are not supported)',
        );
      }
      const achievements = asList(objectOf(payload, 'achievements').Achievement);
      if (achievements.length === 0) throw new DomainError('BATCH_NO_RECORDS');
      if (achievements.length > MAX_ACHIEVEMENTS_PER_REQUEST) {
        throw new DomainError('BATCH_TOO_MANY_RECORDS', `At most ${MAX_ACHIEVEMENTS_PER_REQUEST} achievements per request`);
      }
      return { emailAddress, submissionType, achievements };
    },
    async handle({ emailAddress, submissionType, achievements }, call) {
      if (call.principal.organisationKind !== 'AO') return { responseCode: 'WSRC0043', jobId: 0 };
      const csv = stringify(achievements.map(toRow), { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] });
      const job = await service.submit(
        {
          type: 'ACHIEVEMENT',
          format: 'CSV',
          fileName: `LRS-achievements-${Date.now()}.csv`,
          content: Readable.from([csv]),
          origin: 'LRS_EXTERNAL',
          details: { emailAddress: emailAddress ?? null, submissionType },
        },
        externalCallContext(call),
      );
      return { jobId: job.id };
    },
    write: ({ responseCode, jobId }) =>
      `<SubmitAchievementBatchJobResponse xmlns="${EXTERNAL_SERVICES_NS}"><SubmitAchievementBatchJobResult xmlns:a="${EXTERNAL_MODEL_NS}">` +
      leaf('a:ResponseCode', responseCode) +
      leaf('a:JobId', jobId) +
      '</SubmitAchievementBatchJobResult></SubmitAchievementBatchJobResponse>',
  };
}

/** The job with its refused rows as CSV, or undefined when the caller's organisation has no such job. */
type AchievementBatchJobAnswer = { job: BatchJob; errorFile: string | null } | undefined;

function getAchievementBatchJob(service: BatchService): SoapOperation<number, AchievementBatchJobAnswer> {
  return {
    name: 'GetAchievementBatchJob',
    requestElement: `{${EXTERNAL_SERVICES_NS}}GetAchievementBatchJob`,
    soapAction: `${EXTERNAL_SERVICES_NS}/IExternalService/GetAchievementBatchJob`,
    roles: ['QCF_RECORD_SET_USER'],
    read: (payload) => Number(optionalTextOf(payload, 'jobId') ?? 0),
    async handle(jobId, call) {
      try {
        const job = await service.get(jobId, externalCallContext(call), 'ACHIEVEMENT');
        return { job, errorFile: job.rowsFailed > 0 ? await errorRows(service, job) : null };
      } catch (error) {
        if (isDomainError(error) && error.code === 'BATCH_JOB_NOT_FOUND') return undefined;
        throw error;
      }
    },
    write: (answer) =>
      `<GetAchievementBatchJobResponse xmlns="${EXTERNAL_SERVICES_NS}"><GetAchievementBatchJobResult xmlns:a="${EXTERNAL_MODEL_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      (answer ? jobAnswer(answer.job, answer.errorFile) : leaf('a:ResponseCode', 'WSRC0018')) +
      '</GetAchievementBatchJobResult></GetAchievementBatchJobResponse>',
  };
}

function toRow(achievement: XmlObject): string[] {
  const value = (name: string) => {
    const text = optionalTextOf(achievement, name) ?? '';
    // dateTime members carry dates: the batch layout's dates are yyyy-mm-dd.
    return ['AchievementAwardDate', 'ActionDate', 'DateofBirth'].includes(name) ? text.slice(0, 10) : text;
  };
  return ACHIEVEMENT_LAYOUT.columns.map(value);
}

/** AchievementBatchJobResponse: ResponseCode first, then its members in alphabetical order. */
function jobAnswer(job: BatchJob, errorFile: string | null): string {
  const count = (outcome: string) => job.counters[outcome] ?? 0;
  const refused = Object.entries(job.counters).filter(
    ([outcome]) => !['CREATED', 'UPDATED', 'WITHDRAWN', 'REINSTATED'].includes(outcome),
  );
  const sum = (filter: (outcome: string) => boolean) => refused.filter(([o]) => filter(o)).reduce((total, [, n]) => total + n, 0);
  const processed = job.rowsSucceeded + job.rowsFailed;
  const dateTime = (date: Date | null) => (date === null ? null : date.toISOString().replace('Z', ''));
  return (
    nillableLeaf('a:AchievementBatchErrorFile', errorFile) +
    leaf('a:AchievementsCreated', count('CREATED')) +
    leaf('a:AchievementsPromotedToFinal', 0) +
    leaf('a:AchievementsReinstated', count('REINSTATED')) +
    leaf('a:AchievementsUpdated', count('UPDATED')) +
    leaf('a:AchievementsWithdrawn', count('WITHDRAWN')) +
    leaf(
      'a:BusinessRuleErrors',
      sum((o) => !FIELD_ERRORS.has(o) && !LEARNER_ERRORS.has(o)),
    ) +
    nillableLeaf(
      'a:Duration',
      job.startedAt && job.finishedAt ? duration(job.finishedAt.getTime() - job.startedAt.getTime()) : null,
    ) +
    nillableLeaf('a:EndDate', dateTime(job.finishedAt)) +
    leaf(
      'a:FieldDataErrors',
      sum((o) => FIELD_ERRORS.has(o)),
    ) +
    nillableLeaf('a:Filename', job.fileName) +
    leaf('a:JobID', job.id) +
    leaf(
      'a:LearnerDataErrors',
      sum((o) => LEARNER_ERRORS.has(o)),
    ) +
    leaf('a:NumberOfRecords', job.rowCount ?? processed) +
    leaf('a:PercentageSuccessfulRecords', processed === 0 ? 0 : Math.round((1000 * job.rowsSucceeded) / processed) / 10) +
    nillableLeaf('a:RejectionReason', job.failureReason) +
    nillableLeaf('a:StartDate', dateTime(job.startedAt)) +
    leaf('a:Status', STATUS[job.status]) +
    nillableLeaf('a:SubmittedDate', dateTime(job.submittedAt)) +
    leaf('a:SuccessfulFinalAchievements', job.rowsSucceeded) +
    leaf('a:SuccessfulProvisionalAchievements', 0) +
    nillableLeaf('a:Type', 'Achievement') +
    nillableLeaf('a:User', job.username)
  );
}

/** The refused rows as CSV (the input columns with ResultCode and ResultMessage), for AO staff to open. */
async function errorRows(service: BatchService, job: BatchJob): Promise<string> {
  const rows: Record<string, string | undefined>[] = [];
  for await (const result of service.resultsOf(job)) {
    if (result.output.ResultCode !== 'OK') rows.push(result.output);
  }
  return stringify(rows, {
    header: true,
    columns: [...ACHIEVEMENT_LAYOUT.columns, ...ACHIEVEMENT_LAYOUT.resultColumns],
    cast: SPREADSHEET_SAFE_CAST,
  });
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
