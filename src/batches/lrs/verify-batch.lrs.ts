import { type LrsJobOutput, lrsJobOutput } from './job-output';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { ERROR_CODES, isErrorCode } from '../../platform/error-codes';
import { type XmlObject, optionalTextOf, textOf, type XmlValue } from '../../platform/xml/xml-object';
import { leaf } from '../../platform/xml/xml-writer';
import { lrsTimestamp } from '../../soap/lrs-faults';
import { LRS_VLD_NS, lrsCallContext } from '../../soap/lrs-learner-service';
import type { SoapOperation } from '../../soap/soap-call';
import { isFinished } from '../batch-job';
import { VERIFY_LAYOUT } from '../batch-layouts';
import type { BatchService } from '../batch.service';

/** docs/contracts.md, "The Learner record": JobStatus values are not documented; the ExternalService's status names are used. */
export const JOB_STATUS: Record<string, string> = {
  WAITING: 'Waiting',
  RECEIVING: 'Waiting',
  IN_PROGRESS: 'InProgress',
  SUCCESSFUL: 'Successful',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/**
 * The response codes of submitVerifyBatch and getVerifyBatchOutput, as the real contract gives them
 * (batch registration codes, which the verify batch shares: the real codes of a verify batch are
 * not documented). The README's table is generated from this.
 */
export const VERIFY_BATCH_CODES = {
  submitted: { code: 'WSRC0007', when: 'submitVerifyBatch: the batch was accepted, with its `JobID`' },
  countMismatch: {
    code: ERROR_CODES.BATCH_RECORD_COUNT_MISMATCH.lrs,
    when: 'submitVerifyBatch: `LearnerRecordCount` is not the number of learners sent; no job',
  },
  notComplete: {
    code: 'WSRC0008',
    when: 'getVerifyBatchOutput: not complete yet (waiting or in progress); `JobStatus` says which',
  },
  succeeded: { code: 'WSRC0009', when: 'getVerifyBatchOutput: complete, with a `VerifiedLearner` per learner' },
  failed: {
    code: 'WSRC0010',
    when: 'getVerifyBatchOutput: failed or cancelled, with a `VerifiedLearner` for each learner worked before it stopped',
  },
  unknownJob: { code: 'WSRC0018', when: "getVerifyBatchOutput: no job of the caller's organisation has this `JobID`" },
} as const;

/**
 * The LRS-compatible batch verification (docs/contracts.md, "The Learner record"): submitVerifyBatch queues the
 * learners as a verify-learner job; getVerifyBatchOutput answers its progress and, once done,
 * a VerifiedLearner per learner (MISIdentifier + the verifyLearner answer).
 */
export function lrsVerifyBatchOperations(service: BatchService): SoapOperation[] {
  return [submitVerifyBatch(service), getVerifyBatchOutput(service)];
}

interface VerifyBatchSubmission {
  learners: XmlObject[];
  /** LearnerRecordCount: the number of learners the caller says it sent. */
  declared: number;
  orgEmail?: string;
}

function submitVerifyBatch(service: BatchService): SoapOperation<VerifyBatchSubmission, { code: string; jobId?: number }> {
  return {
    name: 'submitVerifyBatch',
    requestElement: `{${LRS_VLD_NS}}SubmitVerifyBatch`,
    soapAction: '',
    roles: ['AWARDING_BODY_BATCH_USER'],
    carriesBatchFile: true,
    read: (payload) => ({
      learners: asList(payload.Learner),
      declared: Number(textOf(payload, 'LearnerRecordCount')),
      orgEmail: optionalTextOf(payload, 'OrgEmail'),
    }),
    async handle({ learners, declared, orgEmail }, call) {
      if (declared !== learners.length) return { code: VERIFY_BATCH_CODES.countMismatch.code };
      const csv = stringify(
        learners.map((l) => VERIFY_LAYOUT.columns.map((column) => optionalTextOf(l, column) ?? '')),
        { header: true, columns: [...VERIFY_LAYOUT.columns] },
      );
      const job = await service.submit(
        {
          type: 'VERIFY_LEARNER',
          format: 'CSV',
          fileName: `LRS-verify-batch-${Date.now()}.csv`,
          content: Readable.from([csv]),
          origin: 'LRS_VERIFY',
          details: { orgEmail: orgEmail ?? null, learnerRecordCount: declared },
        },
        lrsCallContext(call),
      );
      return { code: VERIFY_BATCH_CODES.submitted.code, jobId: job.id };
    },
    write: ({ code, jobId }) =>
      `<ns2:SubmitVerifyBatchResponse xmlns:ns2="${LRS_VLD_NS}">${leaf('ResponseCode', code)}${leaf('JobID', jobId)}</ns2:SubmitVerifyBatchResponse>`,
  };
}

function getVerifyBatchOutput(service: BatchService): SoapOperation<number, LrsJobOutput> {
  return {
    name: 'getVerifyBatchOutput',
    requestElement: `{${LRS_VLD_NS}}GetVerifyBatchOutput`,
    soapAction: '',
    roles: ['AWARDING_BODY_BATCH_USER'],
    read: (payload) => Number(textOf(payload, 'JobID')),
    handle: (jobId, call) => lrsJobOutput(service, jobId, lrsCallContext(call), 'VERIFY_LEARNER'),
    write(output) {
      const root = (body: string) =>
        `<ns2:GetVerifyBatchOutputResponse xmlns:ns2="${LRS_VLD_NS}">${body}</ns2:GetVerifyBatchOutputResponse>`;
      if (!output) return root(leaf('ResponseCode', VERIFY_BATCH_CODES.unknownJob.code));
      const { job, rows } = output;
      const progress =
        leaf('JobStatus', JOB_STATUS[job.status]) +
        leaf('JobStartedDateTime', job.startedAt ? lrsTimestamp(job.startedAt) : undefined) +
        leaf('JobFinishedDateTime', job.finishedAt ? lrsTimestamp(job.finishedAt) : undefined);
      if (!isFinished(job.status)) return root(leaf('ResponseCode', VERIFY_BATCH_CODES.notComplete.code) + progress);
      const outcome = job.status === 'SUCCESSFUL' ? VERIFY_BATCH_CODES.succeeded : VERIFY_BATCH_CODES.failed;
      return root(leaf('ResponseCode', outcome.code) + progress + rows.map(verifiedLearner).join(''));
    },
  };
}

function verifiedLearner(row: Record<string, string | undefined>): string {
  const refused = row.ErrorCode;
  const responseCode = refused ? (isErrorCode(refused) ? ERROR_CODES[refused].lrs : 'WSEC0001') : row.ResponseCode;
  return (
    '<VerifiedLearner>' +
    leaf('MISIdentifier', row.MISIdentifier) +
    leaf('SearchedULN', row.ULN ?? '') +
    leaf('SearchedFamilyName', row.FamilyName ?? '') +
    leaf('SearchedGivenName', row.GivenName ?? '') +
    leaf('SearchedDateOfBirth', row.DateOfBirth) +
    leaf('SearchedGender', row.Gender) +
    leaf('ResponseCode', responseCode) +
    leaf('ULN', row.HeldULN) +
    leaf('FamilyName', row.HeldFamilyName) +
    leaf('GivenName', row.HeldGivenName) +
    leaf('DateOfBirth', row.HeldDateOfBirth) +
    leaf('Gender', row.HeldGender) +
    (row.FailureFlags ?? '')
      .split(' ')
      .filter((flag) => flag !== '')
      .map((flag) => leaf('FailureFlag', flag))
      .join('') +
    '</VerifiedLearner>'
  );
}

export function asList(value: XmlValue | undefined): XmlObject[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is XmlObject => item !== null && typeof item === 'object' && !Array.isArray(item));
}
