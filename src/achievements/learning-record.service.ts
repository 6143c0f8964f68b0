import type { LearnerManagement } from '../users/learner-management';
import type { LearnerRegister } from '../learners/learner-register';
import { type LearnerSearch, parseLearnerSearch } from '../learners/learner-search.rules';
import type { VerificationService } from '../learners/verification.service';
import type { VerificationRequest } from '../learners/verification.rules';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { DomainError, unwrap } from '../platform/errors';
import {
  decidePlrAccess,
  type LearningEvent,
  type PlrAccess,
  parseGetType,
  type PlrResponseCode,
  toLearningEvent,
} from './learning-record.rules';
import type { LearningRecordStore } from './learning-record.store';
import { auditPage, pageCount, PLR_ACCESS_ACTIONS, VIEW_AUDIT_PAGE_SIZE, VIEW_AUDIT_SORT } from './plr-access.rules';
import type { PlrAccessStore } from './plr-access.store';

export interface LearningEventsQuery extends LearnerSearch {
  getType?: string;
}

export interface LearningEventsAnswer {
  responseCode: PlrResponseCode;
  incomingUln: string;
  foundUln: string;
  events: LearningEvent[];
}

export interface AccessLogQuery extends LearnerSearch {
  page: number;
}

export interface AccessLogPage {
  entries: { action: string; dateTime: Date; organisation: string | null; user: string | null }[];
  pageCount: number;
  pageIndex: number;
  pageSize: number;
  sortIndex: number;
  sortOrder: number;
  totalItems: number;
}

/**
 * A learner's Personal Learning Record over LearnerServiceR9 (docs/contracts.md, "LearnerServiceR9"): the
 * active achievements every awarding organisation recorded (GetLearnerLearningEvents), and who read or
 * changed them (ViewAudit), for an organisation granted learner management, when the learner's
 * details verify and the learner has agreed to share.
 * docs/decisions/0081-reading-a-learners-record-and-its-audit.md
 */
export class LearningRecordService {
  constructor(
    private readonly records: LearningRecordStore,
    private readonly accessLog: PlrAccessStore,
    private readonly learners: LearnerRegister,
    private readonly verification: VerificationService,
    private readonly learnerManagement: Pick<LearnerManagement, 'require'>,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A read that shows the record is audited before the answer leaves, not write-behind: the
   * learner's ViewAudit must list every one (docs/decisions/0031-write-behind-audit-for-calls-that-change-nothing.md
   * does not apply to it).
   */
  async learningEvents(query: LearningEventsQuery, context: CallContext): Promise<LearningEventsAnswer> {
    await this.learnerManagement.require(context.principal);
    const request = unwrap(parseLearnerSearch(query));
    unwrap(parseGetType(query.getType));
    const access = await this.decideAccess(request);
    const incomingUln = request.uln;
    const answer = { responseCode: access.responseCode, incomingUln, foundUln: access.foundUln };
    if (!access.readable) {
      this.audit.recordSoon(auditEntryOf(context, 'GetLearnerLearningEvents', incomingUln, access.responseCode));
      return { ...answer, events: [] };
    }
    const { ulns } = await this.learners.ulnsOfLearner(access.foundUln);
    const events = (await this.records.activeAchievements(ulns)).map(toLearningEvent);
    await this.audit.record(auditEntryOf(context, 'GetLearnerLearningEvents', access.foundUln));
    return { ...answer, events };
  }

  /** Refusals are faults here: the paged list has no response code to carry them. */
  async viewAudit(query: AccessLogQuery, context: CallContext): Promise<AccessLogPage> {
    await this.learnerManagement.require(context.principal);
    const request = unwrap(parseLearnerSearch(query));
    const page = unwrap(auditPage(query.page));
    const access = await this.decideAccess(request);
    this.audit.recordSoon(auditEntryOf(context, 'ViewAudit', access.foundUln || request.uln, access.responseCode));
    if (access.responseCode === 'WSEC0208') throw new DomainError('LEARNER_NOT_VERIFIED');
    if (access.responseCode === 'WSEC0206') throw new DomainError('LEARNER_NOT_SHARING');
    const { ulns } = await this.learners.ulnsOfLearner(access.foundUln);
    const { total, entries } = await this.accessLog.page(ulns, page.offset, page.limit);
    return {
      entries: entries.map((e) => ({
        action: PLR_ACCESS_ACTIONS[e.operation] ?? e.operation,
        dateTime: e.occurredAt,
        organisation: e.organisationName,
        user: e.username,
      })),
      pageCount: pageCount(total),
      pageIndex: page.pageIndex,
      pageSize: VIEW_AUDIT_PAGE_SIZE,
      sortIndex: VIEW_AUDIT_SORT.index,
      sortOrder: VIEW_AUDIT_SORT.order,
      totalItems: total,
    };
  }

  private async decideAccess(request: VerificationRequest): Promise<PlrAccess> {
    const outcome = await this.verification.identify(request);
    const found = outcome.learner?.uln;
    const abilityToShare = found === undefined ? undefined : await this.learners.abilityToShare(found);
    return decidePlrAccess(request.uln, outcome, abilityToShare);
  }
}
