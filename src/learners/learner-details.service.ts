import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { type Clock, todayOf } from '../platform/clock';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { LearnerManagement } from '../users/learner-management';
import type { FindCode } from './find-learner.rules';
import type { FindLearnerService, FoundRecord } from './find-learner.service';
import { checkSubsetFields, decideSubsetUpdate, type FindType, parseFindType, type SubsetFields } from './learner-details.rules';
import type { LearnerDetailsStore } from './learner-details.store';
import type { LearnerRegister } from './learner-register';
import { type LearnerSearch, parseLearnerSearch } from './learner-search.rules';
import type { ReferenceData } from './reference-data';
import { parseUln } from './uln';

export interface LearnerByUlnQuery extends LearnerSearch {
  findType?: string;
}

export interface LearnerByUlnAnswer {
  responseCode: FindCode;
  findType: FindType;
  /** The learner found (the master, for a linked ULN); absent for no match. */
  learner?: FoundRecord;
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
    private readonly findLearners: Pick<FindLearnerService, 'byUln'>,
    private readonly referenceData: ReferenceData,
    private readonly learnerManagement: Pick<LearnerManagement, 'require'>,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * The Learner Register's learnerByULN (docs/decisions/0078-finding-learners-codes-and-limits.md), which
   * requires learner management and audits the read: the R9 request's names may be nil, so they are
   * checked first.
   */
  async learnerByUln(query: LearnerByUlnQuery, context: CallContext): Promise<LearnerByUlnAnswer> {
    const search = unwrap(parseLearnerSearch(query));
    const findType = unwrap(parseFindType(query.findType));
    const found = await this.findLearners.byUln(search, context);
    return { responseCode: found.responseCode, findType, learner: found.learners[0] };
  }

  /** A linked ULN's update goes to its master's record, whose VersionNumber LearnerByUln gave. */
  async updateSubsetFields(command: UpdateSubsetCommand, context: CallContext): Promise<UpdateSubsetCode> {
    await this.learnerManagement.require(context.principal);
    const uln = unwrap(parseUln(command.uln));
    const problem = checkSubsetFields(command, await this.referenceData.learnerDataLists());
    if (problem) throw new DomainError(problem.code, problem.detail);
    const { master } = await this.register.ulnsOfLearner(uln);
    const code = await this.update(master, command, context);
    if (code !== 'WSRC0006') this.audit.recordSoon(auditEntryOf(context, 'UpdateLearnerSubsetFields', master, code));
    return code;
  }

  private async update(master: string, command: UpdateSubsetCommand, context: CallContext): Promise<UpdateSubsetCode> {
    const held = (await this.register.records([master])).get(master);
    if (!held) return 'WSRC0019';
    const decision = decideSubsetUpdate(command, command.versionNumber, {
      versionNumber: Number(held.versionNumber ?? 1),
      emailAddress: held.emailAddress ?? null,
      telephoneNumber: held.telephoneNumber ?? null,
      abilityToShare: Number(held.abilityToShare),
      schoolAtAge16: held.schoolAtAge16 ?? null,
      preferredGivenName: held.preferredGivenName ?? null,
    });
    if (decision.code !== 'WSRC0006') return decision.code;
    // The version in the UPDATE's condition keeps a change committed since this read from being overwritten.
    return this.db.transaction(async () => {
      const changed = await this.store.updateSubsetIfUnchanged(
        master,
        command.versionNumber,
        decision.set,
        todayOf(this.clock),
        this.clock.now(),
      );
      if (!changed) return 'WSRC0013';
      await this.audit.record(auditEntryOf(context, 'UpdateLearnerSubsetFields', master));
      return 'WSRC0006';
    });
  }
}
