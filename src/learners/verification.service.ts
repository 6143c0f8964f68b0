import type { AuditTrail } from '../platform/audit/audit-trail';
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

  async verifyLearner(request: VerificationRequest, context: CallContext): Promise<VerificationOutcome> {
    const uln = unwrap(parseUln(request.uln));
    const [{ held, master }, synonyms] = await Promise.all([
      this.register.findForVerification(uln),
      this.referenceData.synonyms(),
    ]);
    const outcome = verifyLearner({ ...request, uln }, held, master, synonyms);
    this.audit.recordSoon({
      correlationId: context.correlationId,
      surface: context.surface,
      operation: 'VerifyLearner',
      outcome: outcome.responseCode,
      organisationId: context.principal.organisationId,
      userId: context.principal.userId,
      username: context.principal.username,
      subject: uln,
    });
    return outcome;
  }
}
