import type { DetailsInput } from '../learners/learner-fields.rules';
import { DETAIL_FIELDS, MANDATORY_DETAILS, mandatoryDetailsOf } from '../learners/learner-fields.rules';
import type { LearnerSearch } from '../learners/learner-search';
import { searchOutcomeOf } from '../learners/registration.rules';
import type { RegistrationService } from '../learners/registration.service';
import type { Gender, VerificationCode } from '../learners/verification.rules';
import type { VerificationService } from '../learners/verification.service';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { DomainError, isDomainError } from '../platform/errors';
import { LEARNER_REGISTRATION_LAYOUT } from './batch-layouts';
import type { RowHandler, RowResult } from './batch-rows';
import { RETURN_CODES, type ReturnCode, returnCodeOfRefusal } from './registration-return-codes';

type Fields = Record<string, string | undefined>;

export interface RegistrationRowDeps {
  registration: RegistrationService;
  verification: VerificationService;
  /** How a row without a ULN looks for its learner before registering them. */
  search: LearnerSearch;
  clock: Clock;
}

/** CHK with a ULN: what verifying the learner says of them. */
const CHECKED: Record<VerificationCode, ReturnCode> = {
  WSVRC001: 'RC002',
  WSVRC002: 'RC002',
  WSVRC003: 'RC005',
  WSVRC004: 'RC005',
  WSVRC005: 'RC007',
  WSVRC006: 'RC006',
};

/**
 * A learner of a batch registration (docs/decisions/0086-batch-registration.md), through the use
 * cases of the single calls, in the chunk's transaction. With a ULN: FUL updates the learner
 * (updateSingleLearner, the fields left empty kept), CHK verifies them (verifyLearner). Without:
 * the learner is searched for by their mandatory details; found, their ULN is answered; not
 * found, FUL registers them (registerSingleLearner, the search just made standing for the one the
 * single call needs) and CHK answers not found.
 */
export function learnerRegistrationRows(deps: RegistrationRowDeps): RowHandler {
  const handle = (fields: Fields, context: CallContext) => answerOf(fields, context, deps);
  return {
    layout: LEARNER_REGISTRATION_LAYOUT,
    writes: true,
    handle,
    async handleChunk(rows, context, inSavepoint) {
      const results: (RowResult | DomainError)[] = [];
      // Row after row, each in a savepoint: a registration sees the learners the rows before it registered.
      for (const fields of rows) {
        try {
          results.push(await inSavepoint(() => handle(fields, context)));
        } catch (error) {
          if (!isDomainError(error)) throw error;
          results.push(error);
        }
      }
      return results;
    },
    refused: (code, message) => ({ ReturnCode: returnCodeOfRefusal(code), ErrorCode: code, ErrorMessage: message }),
  };
}

async function answerOf(fields: Fields, context: CallContext, deps: RegistrationRowDeps): Promise<RowResult> {
  const details: DetailsInput = Object.fromEntries(DETAIL_FIELDS.map((field) => [field, fields[field]]));
  const uln = fields.ULN?.trim();
  const check = fields.JobType === 'CHK';
  if (uln) {
    if (check) {
      const outcome = await deps.verification.verifyLearner(
        {
          uln,
          givenName: fields.GivenName ?? '',
          familyName: fields.FamilyName ?? '',
          dateOfBirth: fields.DateOfBirth || undefined,
          gender: fields.Gender ? (Number(fields.Gender) as Gender) : undefined,
        },
        context,
      );
      return answer(CHECKED[outcome.responseCode], outcome.learner?.uln);
    }
    return answered(async () => {
      await deps.registration.update({ uln, details, keepUnsupplied: true }, context);
      return { code: 'RC003', uln };
    }, uln);
  }
  const searched = mandatoryDetailsOf(details);
  if (!searched)
    throw new DomainError('LEARNER_DATA_INSUFFICIENT', `Without a ULN, a learner needs ${MANDATORY_DETAILS.join(', ')}`);
  const found = await deps.search(searched, context);
  const outcome = searchOutcomeOf(found.responseCode);
  if (outcome === 'MATCHED') return answer('RC002', found.ulns[0]);
  if (check) return answer(outcome === 'NO_MATCH' ? 'RC006' : 'RC005');
  const search = { findType: 'FUL' as const, outcome, searchedAt: deps.clock.now() };
  return answered(async () => ({
    code: 'RC001',
    uln: await deps.registration.register({ details }, context, { search }),
  }));
}

/** The use case's answer, or the return code of a refusal that is an answer (possible matches, not found, unchanged). */
async function answered(work: () => Promise<{ code: ReturnCode; uln: string }>, uln?: string): Promise<RowResult> {
  try {
    const done = await work();
    return answer(done.code, done.uln);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const code = returnCodeOfRefusal(error.code);
    if (RETURN_CODES[code].count === 'Rejected') throw error;
    return answer(code, code === 'RC006' ? undefined : uln);
  }
}

function answer(code: ReturnCode, uln?: string): RowResult {
  return { outcome: code, succeeded: RETURN_CODES[code].count !== 'Rejected', added: { ReturnCode: code, ResultULN: uln } };
}
