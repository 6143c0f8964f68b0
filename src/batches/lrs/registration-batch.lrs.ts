import { type LrsJobOutput, lrsJobOutput } from './job-output';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { optionalTextOf, textOf, type XmlObject } from '../../platform/xml/xml-object';
import { leaf } from '../../platform/xml/xml-writer';
import { lrsTimestamp } from '../../soap/lrs-faults';
import { lrsCallContext } from '../../soap/lrs-learner-service';
import type { SoapOperation } from '../../soap/soap-call';
import { type BatchJob, isFinished } from '../batch-job';
import { LEARNER_REGISTRATION_LAYOUT } from '../batch-layouts';
import { BATCH_ROLES, type BatchService } from '../batch.service';
import { registrationCounts } from '../registration-return-codes';
import { asList, JOB_STATUS } from './verify-batch.lrs';

export const LRS_BATCH_NS = 'http://api.lrs.miap.gov.uk/batchmsg';

/** The response codes of submitBatchRegistration and getBatchRegistrationOutput. The table of docs/batches.md is generated from this. */
export const REGISTRATION_BATCH_CODES = {
  submitted: { code: 'WSRC0007', when: 'submitBatchRegistration: the batch was accepted, with its `JobID`' },
  countMismatch: {
    code: 'WSRC0017',
    when: 'submitBatchRegistration: `LearnerRecordCount` is not the number of learners sent; no job',
  },
  notComplete: {
    code: 'WSRC0008',
    when: 'getBatchRegistrationOutput: not complete yet; `JobStatus` and the counts so far say where it is',
  },
  succeeded: {
    code: 'WSRC0009',
    when: 'getBatchRegistrationOutput: complete, with a `Learner` and its `ReturnCode` per learner sent',
  },
  failed: {
    code: 'WSRC0010',
    when: 'getBatchRegistrationOutput: failed or cancelled, with the learners worked before it stopped',
  },
  unknownJob: {
    code: 'WSRC0018',
    when: "getBatchRegistrationOutput: no batch registration of the caller's organisation has this `JobID`",
  },
} as const;

/** The BatchLearner fields of an output Learner: every column but the job type, in the contract's order. */
const LEARNER_FIELDS = LEARNER_REGISTRATION_LAYOUT.columns.filter((column) => column !== 'JobType');

/**
 * The LRS-compatible batch registration (docs/contracts.md, "Batch registration"):
 * submitBatchRegistration queues the learners as a learner-registration job, each row worked by the
 * use cases of the single calls (docs/decisions/0086-batch-registration.md); getBatchRegistrationOutput
 * answers its progress, its counts and, once done, each learner with its ULN and ReturnCode.
 */
export function lrsRegistrationBatchOperations(service: BatchService): SoapOperation[] {
  return [submitBatchRegistration(service), getBatchRegistrationOutput(service)];
}

interface BatchRegistration {
  jobType: string;
  /** LearnerRecordCount: the number of learners the caller says it sent. */
  declared: number;
  learners: XmlObject[];
}

function submitBatchRegistration(service: BatchService): SoapOperation<BatchRegistration, { code: string; jobId?: number }> {
  return {
    name: 'submitBatchRegistration',
    requestElement: `{${LRS_BATCH_NS}}SubmitBatch`,
    soapAction: '',
    roles: BATCH_ROLES.LEARNER_REGISTRATION,
    carriesBatchFile: true,
    read: (payload) => ({
      jobType: textOf(payload, 'JobType'),
      declared: Number(textOf(payload, 'LearnerRecordCount')),
      learners: asList(payload.Learner),
    }),
    async handle({ jobType, declared, learners }, call) {
      if (declared !== learners.length) return { code: REGISTRATION_BATCH_CODES.countMismatch.code };
      // Each learner a row of the learner-registration layout, the job type in every row.
      const csv = stringify(
        learners.map((learner) =>
          LEARNER_REGISTRATION_LAYOUT.columns.map((column) =>
            column === 'JobType' ? jobType : (optionalTextOf(learner, column) ?? ''),
          ),
        ),
        { header: true, columns: [...LEARNER_REGISTRATION_LAYOUT.columns] },
      );
      const job = await service.submit(
        {
          type: 'LEARNER_REGISTRATION',
          format: 'CSV',
          fileName: `LRS-batch-registration-${Date.now()}.csv`,
          content: Readable.from([csv]),
          origin: 'LRS_REGISTER',
          details: { jobType, learnerRecordCount: declared },
        },
        lrsCallContext(call),
      );
      return { code: REGISTRATION_BATCH_CODES.submitted.code, jobId: job.id };
    },
    write: ({ code, jobId }) =>
      `<ns2:SubmitBatchResponse xmlns:ns2="${LRS_BATCH_NS}">${leaf('ResponseCode', code)}${leaf('JobID', jobId)}</ns2:SubmitBatchResponse>`,
  };
}

function getBatchRegistrationOutput(service: BatchService): SoapOperation<number, LrsJobOutput> {
  return {
    name: 'getBatchRegistrationOutput',
    requestElement: `{${LRS_BATCH_NS}}GetSubmitBatchOutput`,
    soapAction: '',
    roles: BATCH_ROLES.LEARNER_REGISTRATION,
    read: (payload) => Number(textOf(payload, 'JobID')),
    handle: (jobId, call) => lrsJobOutput(service, jobId, lrsCallContext(call), 'LEARNER_REGISTRATION'),
    write: (output) =>
      `<ns2:GetSubmitBatchOutputResponse xmlns:ns2="${LRS_BATCH_NS}">${output ? batchOutput(output.job, output.rows) : unknownJob()}</ns2:GetSubmitBatchOutputResponse>`,
  };
}

/** An unknown job: its code, and the start and finish the response always carries, empty. */
function unknownJob(): string {
  return (
    leaf('ResponseCode', REGISTRATION_BATCH_CODES.unknownJob.code) +
    leaf('JobStartedDateTime', '') +
    leaf('JobFinishedDateTime', '')
  );
}

/** The code, the job's status, counts, start and finish, then each learner once the job is complete. */
function batchOutput(job: BatchJob, rows: Record<string, string | undefined>[]): string {
  const counts = registrationCounts(job.counters);
  const code = !isFinished(job.status)
    ? REGISTRATION_BATCH_CODES.notComplete.code
    : job.status === 'SUCCESSFUL'
      ? REGISTRATION_BATCH_CODES.succeeded.code
      : REGISTRATION_BATCH_CODES.failed.code;
  return (
    leaf('ResponseCode', code) +
    leaf('JobStatus', JOB_STATUS[job.status]) +
    leaf('NewLearnersCount', counts.New) +
    leaf('ExistsUpdatedLearnersCount', counts.ExistsUpdated) +
    leaf('PossibleMatchLearnersCount', counts.PossibleMatch) +
    leaf('LearnersNotFoundCount', counts.NotFound) +
    leaf('RejectedLearnersCount', counts.Rejected) +
    leaf('JobStartedDateTime', job.startedAt ? lrsTimestamp(job.startedAt) : '') +
    leaf('JobFinishedDateTime', job.finishedAt ? lrsTimestamp(job.finishedAt) : '') +
    rows.map(outputLearner).join('')
  );
}

/** OutputBatchLearner: the learner as sent, with the ULN issued, found or updated, and the ReturnCode. */
function outputLearner(row: Record<string, string | undefined>): string {
  const value = (field: string) => (field === 'ULN' ? (row.ResultULN ?? row.ULN) : row[field]) || undefined;
  return `<Learner>${LEARNER_FIELDS.map((field) => leaf(field, value(field))).join('')}${leaf('ReturnCode', row.ReturnCode)}</Learner>`;
}
