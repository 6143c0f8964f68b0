import { type Gender, isVerified } from '../learners/verification.rules';
import type { VerificationService } from '../learners/verification.service';
import { VERIFY_LAYOUT } from './batch-layouts';
import type { RowHandler } from './batch-rows';

/** A verify-learner batch row: the VerifyLearner use case, its answer in the output columns. */
export function verifyLearnerRows(service: VerificationService): RowHandler {
  return {
    layout: VERIFY_LAYOUT,
    writes: false,
    async handle(fields, context, manager) {
      const outcome = await service.verifyLearner(
        {
          uln: fields.ULN as string,
          givenName: fields.GivenName as string,
          familyName: fields.FamilyName as string,
          dateOfBirth: fields.DateOfBirth,
          gender: fields.Gender === undefined ? undefined : (Number(fields.Gender) as Gender),
        },
        context,
        manager,
      );
      const held = outcome.learner;
      return {
        outcome: outcome.responseCode,
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
    },
    refused: (code, message) => ({ ErrorCode: code, ErrorMessage: message }),
  };
}
