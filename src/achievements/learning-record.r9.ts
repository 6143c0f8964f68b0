import { readLearnerSearch } from '../learners/learner-details.r9';
import type { Role } from '../platform/auth/roles';
import { optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { lrsTimestamp } from '../soap/lrs-faults';
import { complexMember, member, r9CallContext, r9Operation, r9Response } from '../soap/lrs-learner-service-r9';
import type { SoapOperation } from '../soap/soap-call';
import type { LearningEvent } from './learning-record.rules';
import type {
  AccessLogPage,
  AccessLogQuery,
  LearningEventsAnswer,
  LearningEventsQuery,
  LearningRecordService,
} from './learning-record.service';

/**
 * GetLearnerLearningEvents and ViewAudit of LearnerServiceR9.svc (docs/contracts.md, "LearnerServiceR9"):
 * request parameters to a query, the use case, its answer in the WCF wire shape.
 */
export function learningRecordR9Operations(service: LearningRecordService, roles: readonly Role[]): SoapOperation[] {
  return [
    r9Operation('GetLearnerLearningEvents', roles, {
      read: readLearningEventsQuery,
      handle: (query, call) => service.learningEvents(query, r9CallContext(call)),
      write: renderLearningEvents,
    }),
    r9Operation('ViewAudit', roles, {
      read: readAccessLogQuery,
      handle: (query, call) => service.viewAudit(query, r9CallContext(call)),
      write: renderAccessLog,
    }),
  ];
}

function readLearningEventsQuery(payload: XmlObject): LearningEventsQuery {
  return {
    ...readLearnerSearch(payload),
    dateOfBirth: optionalTextOf(payload, 'dateOfBirth'),
    gender: optionalTextOf(payload, 'gender'),
    getType: optionalTextOf(payload, 'getType'),
  };
}

function readAccessLogQuery(payload: XmlObject): AccessLogQuery {
  return { ...readLearnerSearch(payload, 'learner'), page: Number(textOf(payload, 'page')) };
}

/**
 * GetLearnerLearningEventsResponse as the recorded answers have it: ResponseCode, FoundULN (empty
 * when the learner did not verify), IncomingULN, and LearnerRecord (empty unless the record is shown).
 */
function renderLearningEvents(answer: LearningEventsAnswer): string {
  return r9Response(
    'GetLearnerLearningEvents',
    member('a:ResponseCode', answer.responseCode) +
      member('a:FoundULN', answer.foundUln) +
      member('a:IncomingULN', answer.incomingUln) +
      complexMember('a:LearnerRecord', answer.events.map(renderEvent).join('')),
  );
}

/**
 * A LearningEvent in alphabetical member order. The members the Learner Register's own sources fill
 * (CollectionType, ParticipationStartDate, ParticipationEndDate, Restriction, ReturnNumber) are not
 * emitted, nor LanguageForAssessment when none was recorded.
 * docs/decisions/0080-learner-service-r9-wire-shape.md
 */
function renderEvent(e: LearningEvent): string {
  return complexMember(
    'a:LearningEvent',
    member('a:AchievementAwardDate', e.achievementAwardDate) +
      member('a:AchievementProviderName', e.achievementProviderName) +
      member('a:AchievementProviderUkprn', e.achievementProviderUkprn) +
      member('a:AwardingOrganisationName', e.awardingOrganisationName) +
      member('a:AwardingOrganisationUkprn', e.awardingOrganisationUkprn) +
      member('a:Credits', e.credits) +
      member('a:DateLoaded', lrsTimestamp(e.dateLoaded)) +
      member('a:Grade', e.grade) +
      member('a:ID', e.id) +
      member('a:LanguageForAssessment', e.languageForAssessment ?? undefined) +
      member('a:Level', e.level) +
      member('a:QualificationType', e.qualificationType) +
      member('a:Source', e.source) +
      member('a:Status', e.status) +
      member('a:Subject', e.subject) +
      member('a:SubjectCode', e.subjectCode) +
      member('a:UnderDataChallenge', e.underDataChallenge),
  );
}

function renderAccessLog(page: AccessLogPage): string {
  const entries = page.entries.map((e) =>
    complexMember(
      'a:PlrAccessEntryResponse',
      member('a:Action', e.action) +
        member('a:DateTime', e.dateTime.toISOString()) +
        member('a:Organisation', e.organisation) +
        member('a:User', e.user),
    ),
  );
  return r9Response(
    'ViewAudit',
    complexMember('a:List', entries.join('')) +
      member('a:PageCount', page.pageCount) +
      member('a:PageIndex', page.pageIndex) +
      member('a:PageSize', page.pageSize) +
      member('a:SortIndex', page.sortIndex) +
      member('a:SortOrder', page.sortOrder) +
      member('a:TotalItems', page.totalItems),
  );
}
