import { type Gender, isVerified, type VerificationOutcome, type VerificationRequest } from '../learners/verification.rules';
import type { VerificationService } from '../learners/verification.service';
import { isDomainError } from '../platform/errors';
import { VERIFY_LAYOUT } from './batch-layouts';
import type { RowHandler, RowResult } from './batch-rows';

/** A verify-learner batch row: the VerifyLearner use case, its answer in the output columns. */
export function verifyLearnerRows(service: VerificationService): RowHandler {
  return {
    layout: VERIFY_LAYOUT,
    writes: false,
    async handle(fields, context) {
      return resultOf(await service.verifyLearner(requestOf(fields), context));
    },
    async handleChunk(rows, context) {
      const outcomes = await service.verifyLearners(rows.map(requestOf), context);
      return outcomes.map((outcome) => (isDomainError(outcome) ? outcome : resultOf(outcome)));
    },
    refused: (code, message) => ({ ErrorCode: code, ErrorMessage: message }),
  };
}

function requestOf(fields: Record<string, string | undefined>): VerificationRequest {
  return {
    uln: fields.ULN as string,
    givenName: fields.GivenName as string,
    familyName: fields.FamilyName as string,
    dateOfBirth: fields.DateOfBirth,
    gender: fields.Gender === undefined ? undefined : (Number(fields.Gender) as Gender),
  };
}

function resultOf(outcome: VerificationOutcome): RowResult {
  const held = outcome.learner;
  return {
    outcome: outcome.responseCode,
    // WSVRC001–004 verify the learner; 005 and 006 answer that it does not (docs/decisions/0066-batch-cli-for-scripts.md).
    succeeded: isVerified(outcome.responseCode),
    added: {
      ResponseCode: outcome.responseCode,
      HeldULN: held?.uln,
      HeldFamilyName: held?.familyName,
      HeldGivenName: held?.givenName,
      HeldDateOfBirth: held?.dateOfBirth,
      HeldGender: held === undefined ? undefined : String(held.gender),
      FailureFlags: outcome.failureFlags.length > 0 ? outcome.failureFlags.join(' ') : undefined,
    },
  };
}
