import type { Role } from '../platform/auth/roles';
import { DomainError } from '../platform/errors';
import { optionalDateOf, optionalTextOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { AO_NS, aoCallContext, aoOperation } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { LearningEvent } from './learning-record.rules';
import type { LearningEventsAnswer, LearningEventsQuery, LearningRecordService } from './learning-record.service';

/**
 * AO gateway GetLearnerRecord: GetLearnerLearningEvents of LearnerServiceR9 on our contract, answered by
 * the same LearningRecordService (learner management, verification, AbilityToShare, the audit of every
 * read). A record not shown is a GatewayFault here: our response has no code for it.
 * docs/decisions/0093-learner-operations-on-the-ao-gateway.md
 */
export function aoGetLearnerRecordOperation(
  service: LearningRecordService,
  roles: readonly Role[],
): SoapOperation<LearningEventsQuery, LearningEventsAnswer> {
  return aoOperation('GetLearnerRecord', roles, {
    read: queryOf,
    handle: async (query, call) => shown(await service.learningEvents(query, aoCallContext(call))),
    write: renderLearnerRecord,
  });
}

function queryOf(payload: XmlObject): LearningEventsQuery {
  return {
    uln: optionalTextOf(payload, 'ULN'),
    givenName: optionalTextOf(payload, 'GivenName'),
    familyName: optionalTextOf(payload, 'FamilyName'),
    dateOfBirth: optionalDateOf(payload, 'DateOfBirth'),
    gender: optionalTextOf(payload, 'Gender'),
  };
}

/** WSEC0208 and WSEC0206 become the faults that name them; the service has audited the refusal. */
function shown(answer: LearningEventsAnswer): LearningEventsAnswer {
  if (answer.responseCode === 'WSEC0208') throw new DomainError('LEARNER_NOT_VERIFIED');
  if (answer.responseCode === 'WSEC0206') throw new DomainError('LEARNER_NOT_SHARING');
  return answer;
}

function renderLearnerRecord(answer: LearningEventsAnswer): string {
  return (
    `<ao:GetLearnerRecordResponse xmlns:ao="${AO_NS}">` +
    leaf('ao:ResponseCode', answer.responseCode) +
    leaf('ao:IncomingULN', answer.incomingUln) +
    leaf('ao:FoundULN', answer.foundUln) +
    answer.events.map(renderEvent).join('') +
    '</ao:GetLearnerRecordResponse>'
  );
}

function renderEvent(e: LearningEvent): string {
  return (
    '<ao:LearningEvent>' +
    leaf('ao:ID', e.id) +
    leaf('ao:Subject', e.subject) +
    leaf('ao:SubjectCode', e.subjectCode) +
    leaf('ao:Source', e.source) +
    leaf('ao:QualificationType', e.qualificationType ?? undefined) +
    leaf('ao:Level', e.level ?? undefined) +
    leaf('ao:Credits', e.credits) +
    leaf('ao:AchievementAwardDate', e.achievementAwardDate) +
    leaf('ao:Grade', e.grade ?? undefined) +
    leaf('ao:LanguageForAssessment', e.languageForAssessment ?? undefined) +
    leaf('ao:AchievementProviderUKPRN', e.achievementProviderUkprn ?? undefined) +
    leaf('ao:AchievementProviderName', e.achievementProviderName ?? undefined) +
    leaf('ao:AwardingOrganisationUKPRN', e.awardingOrganisationUkprn) +
    leaf('ao:AwardingOrganisationName', e.awardingOrganisationName) +
    leaf('ao:Status', e.status) +
    leaf('ao:DateLoaded', e.dateLoaded.toISOString()) +
    leaf('ao:UnderDataChallenge', String(e.underDataChallenge === 'Y')) +
    '</ao:LearningEvent>'
  );
}
