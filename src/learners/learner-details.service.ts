import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { type Clock, todayOf } from '../platform/clock';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import {
  checkSubsetFields,
  decideSubsetUpdate,
  type FindType,
  type LookupCode,
  lookupCode,
  parseFindType,
  type SubsetFields,
} from './learner-details.rules';
import type { LearnerDetailsStore } from './learner-details.store';
import type { LearnerManagement } from '../users/learner-management';
import type { LearnerRecord } from './learner-record';
import type { LearnerRegister } from './learner-register';
import { type LearnerSearch, parseLearnerSearch } from './learner-search.rules';
import type { ReferenceData } from './reference-data';
import { parseUln } from './uln';
import type { VerificationService } from './verification.service';

export interface LearnerByUlnQuery extends LearnerSearch {
  findType?: string;
}

/** A learner's record with the ULNs linked to it (when it is a master). */
export type LearnerDetails = LearnerRecord & { linkedUlns: string[] };

export interface LearnerByUlnAnswer {
  responseCode: LookupCode;
  findType: FindType;
  /** The learner found (the master, for a linked ULN); absent for no match and for CHK. */
  learner?: LearnerDetails;
}

export interface UpdateSubsetCommand extends SubsetFields {
  uln: string;
  versionNumber: number;
}

export type UpdateSubsetCode = 'WSRC0006' | 'WSRC0013' | 'WSRC0014' | 'WSRC0019' | 'WSRC0020';

/**
 * LearnerByUln and UpdateLearnerSubsetFields (docs/contracts.md, "LearnerServiceR9"): a learner's details found
 * by ULN and names, and the few details an organisation with learner management may change.
 * docs/decisions/0082-updating-a-learners-details-over-r9.md
 */
export class LearnerDetailsService {
  constructor(
    private readonly db: Database,
    private readonly store: LearnerDetailsStore,
    private readonly register: LearnerRegister,
    private readonly verification: VerificationService,
    private readonly referenceData: ReferenceData,
    private readonly learnerManagement: Pick<LearnerManagement, 'require'>,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async learnerByUln(query: LearnerByUlnQuery, context: CallContext): Promise<LearnerByUlnAnswer> {
    await this.learnerManagement.require(context.principal);
    const search = unwrap(parseLearnerSearch(query));
    const findType = unwrap(parseFindType(query.findType));
    const outcome = await this.verification.identify(search);
    const responseCode = lookupCode(outcome.responseCode);
    const found = outcome.learner?.uln;
    this.audit.recordSoon(auditEntryOf(context, 'LearnerByUln', found ?? search.uln, responseCode));
    if (found === undefined || findType === 'CHK') return { responseCode, findType };
    const [record, linked] = await Promise.all([this.store.find(this.db, found), this.register.linkedTo([found])]);
    if (!record) return { responseCode: 'WSRC0001', findType };
    return { responseCode, findType, learner: { ...record, linkedUlns: linked.get(found) ?? [] } };
  }

  /** A linked ULN's update goes to its master's record, whose VersionNumber LearnerByUln returned. */
  async updateSubsetFields(command: UpdateSubsetCommand, context: CallContext): Promise<UpdateSubsetCode> {
    await this.learnerManagement.require(context.principal);
    const uln = unwrap(parseUln(command.uln));
    const problem = checkSubsetFields(command, await this.referenceData.learnerDataLists());
    if (problem) throw new DomainError(problem.code, problem.detail);
    const { master } = await this.register.ulnsOfLearner(uln);
    const code = await this.db.transaction(async (manager) => {
      const held = await this.store.find(manager, master);
      if (!held) return 'WSRC0019';
      const decision = decideSubsetUpdate(command, command.versionNumber, {
        versionNumber: held.versionNumber ?? 1,
        emailAddress: held.emailAddress ?? null,
        telephoneNumber: held.telephoneNumber ?? null,
        abilityToShare: held.abilityToShare,
        schoolAtAge16: held.schoolAtAge16 ?? null,
        preferredGivenName: held.preferredGivenName ?? null,
      });
      if (decision.code !== 'WSRC0006') return decision.code;
      const today = todayOf(this.clock);
      const updated = await this.store.updateSubsetIfUnchanged(
        manager,
        master,
        command.versionNumber,
        decision.set,
        today,
        this.clock.now(),
      );
      if (!updated) return 'WSRC0013';
      await this.audit.record(auditEntryOf(context, 'UpdateLearnerSubsetFields', master), manager);
      return 'WSRC0006';
    });
    if (code !== 'WSRC0006') this.audit.recordSoon(auditEntryOf(context, 'UpdateLearnerSubsetFields', master, code));
    return code;
  }
}
