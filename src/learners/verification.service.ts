import type { EntityManager } from 'typeorm';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { unwrap } from '../platform/errors';
import type { LearnerRegister } from './learner-register';
import type { ReferenceData } from './reference-data';
import { parseUln } from './uln';
import { verifyLearner, type VerificationOutcome, type VerificationRequest } from './verification.rules';

/** The VerifyLearner use case, shared by the AO gateway, the LRS-compatible service and verify batches. */
export class VerificationService {
  constructor(
    private readonly register: LearnerRegister,
    private readonly referenceData: ReferenceData,
    private readonly audit: AuditTrail,
  ) {}

  /** `unitOfWork`: a batch chunk's transaction, which the audit entry then commits with. */
  async verifyLearner(
    request: VerificationRequest,
    context: CallContext,
    unitOfWork?: EntityManager,
  ): Promise<VerificationOutcome> {
    const uln = unwrap(parseUln(request.uln));
    const [{ held, master }, synonyms] = await Promise.all([
      this.register.findForVerification(uln),
      this.referenceData.synonyms(),
    ]);
    const outcome = verifyLearner({ ...request, uln }, held, master, synonyms);
    const entry = auditEntryOf(context, 'VerifyLearner', uln, outcome.responseCode);
    if (unitOfWork) await this.audit.record(entry, unitOfWork);
    else this.audit.recordSoon(entry);
    return outcome;
  }
}
