import { type AuditRecord, type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CountersRead } from '../platform/cache/change-counters';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { LearnerRegister } from './learner-register';
import type { ReferenceData } from './reference-data';
import { parseUln } from './uln';
import { verifyLearner, type VerificationOutcome, type VerificationRequest } from './verification.rules';

/** The VerifyLearner use case, shared by the AO gateway, the LRS-compatible service and verify batches. */
export class VerificationService {
  constructor(
    private readonly db: Database,
    private readonly register: LearnerRegister,
    private readonly referenceData: ReferenceData,
    private readonly audit: AuditTrail,
  ) {}

  /** In a transaction (a batch chunk's), the audit entry commits with it; otherwise it is written soon after. */
  async verifyLearner(request: VerificationRequest, context: CallContext): Promise<VerificationOutcome> {
    const uln = unwrap(parseUln(request.uln));
    const outcome = await this.identify({ ...request, uln }, context.principal.countersRead);
    const entry = auditEntryOf(context, 'VerifyLearner', uln, outcome.responseCode);
    if (this.db.inTransaction) await this.audit.record(entry);
    else this.audit.recordSoon(entry);
    return outcome;
  }

  /**
   * A verification that another use case makes on its way (a learner's record asked for by ULN and
   * names): the same answer as verifyLearner, audited by the use case that asked, not as VerifyLearner.
   * `countersRead`: the change counters the call read when it authenticated (its principal's), so
   * the cached learner and synonyms are checked against them and none are read again.
   */
  async identify(request: VerificationRequest, countersRead?: CountersRead): Promise<VerificationOutcome> {
    const uln = unwrap(parseUln(request.uln));
    const [found, synonyms] = await Promise.all([
      this.register.findForVerification(uln, countersRead),
      this.referenceData.synonyms(countersRead),
    ]);
    return verifyLearner({ ...request, uln }, found.held, found.master, synonyms);
  }

  /**
   * Many verifications at once (a batch chunk), each as verifyLearner decides it: one read of
   * every learner named, and their audit entries written together in the transaction open (or one of
   * their own). A request
   * with an invalid ULN gets its error in its place and no audit entry, as a single call would.
   */
  async verifyLearners(requests: VerificationRequest[], context: CallContext): Promise<(VerificationOutcome | DomainError)[]> {
    const ulns = requests.map((request) => parseUln(request.uln));
    const [found, synonyms] = await Promise.all([
      this.register.findManyForVerification(ulns.flatMap((uln) => (uln.ok ? [uln.value] : []))),
      this.referenceData.synonyms(),
    ]);
    const entries: AuditRecord[] = [];
    const outcomes = requests.map((request, i) => {
      const uln = ulns[i];
      if (!uln.ok) return new DomainError(uln.code, uln.detail);
      const { held, master } = found.get(uln.value) ?? {};
      const outcome = verifyLearner({ ...request, uln: uln.value }, held, master, synonyms);
      entries.push(auditEntryOf(context, 'VerifyLearner', uln.value, outcome.responseCode));
      return outcome;
    });
    await this.db.transaction(() => this.audit.recordMany(entries));
    return outcomes;
  }
}
