import { verificationRequestOf } from '../learners/verification.soap';
import { objectOf, optionalDateOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { AO_NS, aoCallContext, aoOperation } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import type {
  AchievementKey,
  AchievementService,
  CreateAchievementCommand,
  CreditCheck,
  FollowUpCommand,
} from './achievement.service';
import type { AchievementView } from './achievement.store';
import { inFormSent as referenceInFormSent } from './qualification-reference';

/** The achievement operations of the AO gateway (guide section 5). Role: QCF User (Appendix A). */
export function achievementOperations(service: AchievementService): SoapOperation[] {
  const qcf: Role[] = ['QCF_USER'];
  const responding = (element: string) => (achievement: AchievementView) => achievementResponse(element, achievement);
  return [
    aoOperation('CreateAchievement', qcf, {
      read: createCommandOf,
      handle: async (command, call) => inFormSent(command.aimReference, await service.create(command, aoCallContext(call))),
      write: responding('CreateAchievementResponse'),
    }),
    aoOperation('FindAchievement', qcf, {
      read: keyOf,
      handle: async (key, call) => inFormSent(key.aimReference, await service.find(key, aoCallContext(call))),
      write: responding('FindAchievementResponse'),
    }),
    aoOperation('UpdateAchievement', qcf, {
      read: (payload): FollowUpCommand => {
        const changes = objectOf(payload, 'Changes');
        return {
          key: keyOf(payload),
          actionDate: optionalDateOf(payload, 'ActionDate') ?? '',
          changes: {
            grade: optionalTextOf(changes, 'Grade'),
            languageForAssessment: optionalTextOf(changes, 'LanguageForAssessment'),
            providerUkprn: optionalTextOf(changes, 'ProviderUKPRN'),
          },
          dataChallengeId: dataChallengeIdOf(payload),
        };
      },
      handle: async (command, call) => inFormSent(command.key.aimReference, await service.update(command, aoCallContext(call))),
      write: responding('UpdateAchievementResponse'),
    }),
    aoOperation('WithdrawAchievement', qcf, {
      read: followUpOf,
      handle: async (command, call) => inFormSent(command.key.aimReference, await service.withdraw(command, aoCallContext(call))),
      write: responding('WithdrawAchievementResponse'),
    }),
    aoOperation('ReinstateAchievement', qcf, {
      read: followUpOf,
      handle: async (command, call) =>
        inFormSent(command.key.aimReference, await service.reinstate(command, aoCallContext(call))),
      write: responding('ReinstateAchievementResponse'),
    }),
    aoOperation('PerformCreditCheck', ['QCF_USER', 'QCF_RECORD_SET_USER'], {
      read: (payload) => ({
        uln: textOf(payload, 'ULN'),
        givenName: textOf(payload, 'GivenName'),
        familyName: textOf(payload, 'FamilyName'),
        qualificationReference: optionalTextOf(payload, 'QualificationReference'),
      }),
      handle: async (query, call) => {
        const check = await service.creditCheck(query, aoCallContext(call));
        const qualification = check.qualification && {
          ...check.qualification,
          reference: referenceInFormSent(query.qualificationReference, check.qualification.reference),
        };
        return { ...check, qualification };
      },
      write: creditCheckResponse,
    }),
  ];
}

function createCommandOf(payload: XmlObject): CreateAchievementCommand {
  const learner = objectOf(payload, 'Learner');
  const achievement = objectOf(payload, 'Achievement');
  return {
    learner: { ...verificationRequestOf(learner), postcode: optionalTextOf(learner, 'Postcode') },
    aimReference: textOf(achievement, 'AimReference'),
    awardDate: optionalDateOf(achievement, 'AwardDate') ?? '',
    grade: optionalTextOf(achievement, 'Grade'),
    languageForAssessment: optionalTextOf(achievement, 'LanguageForAssessment'),
    providerUkprn: optionalTextOf(achievement, 'ProviderUKPRN'),
    dataChallengeId: dataChallengeIdOf(payload),
  };
}

function keyOf(payload: XmlObject): AchievementKey {
  const key = objectOf(payload, 'Key');
  return {
    uln: textOf(key, 'ULN'),
    givenName: textOf(key, 'GivenName'),
    familyName: textOf(key, 'FamilyName'),
    aimReference: textOf(key, 'AimReference'),
    awardDate: optionalDateOf(key, 'AwardDate') ?? '',
  };
}

function followUpOf(payload: XmlObject): FollowUpCommand {
  return {
    key: keyOf(payload),
    actionDate: optionalDateOf(payload, 'ActionDate') ?? '',
    actionReason: optionalTextOf(payload, 'ActionReason'),
    dataChallengeId: dataChallengeIdOf(payload),
  };
}

/** The data challenge the action answers, when the AO names one (guide 6.2). */
function dataChallengeIdOf(payload: XmlObject): number | undefined {
  const id = optionalTextOf(payload, 'DataChallengeId');
  return id === undefined ? undefined : Number(id);
}

/** The achievement, its aim reference in the form the caller sent it. */
function inFormSent(sentReference: string, achievement: AchievementView): AchievementView {
  return { ...achievement, aimReference: referenceInFormSent(sentReference, achievement.aimReference) };
}

function achievementResponse(element: string, achievement: AchievementView): string {
  return `<ao:${element} xmlns:ao="${AO_NS}">${renderAchievement(achievement)}</ao:${element}>`;
}

export function renderAchievement(a: AchievementView): string {
  const events = a.events
    .map(
      (e) =>
        '<ao:Event>' +
        leaf('ao:Action', e.action) +
        leaf('ao:ActionDate', e.actionDate) +
        leaf('ao:ActionReason', e.actionReason ?? undefined) +
        leaf('ao:RecordedAt', e.recordedAt.toISOString()) +
        '</ao:Event>',
    )
    .join('');
  return (
    '<ao:Achievement>' +
    leaf('ao:ULN', a.uln) +
    leaf('ao:SubmittedULN', a.submittedUln) +
    leaf('ao:AimReference', a.aimReference) +
    leaf('ao:Title', a.title) +
    leaf('ao:QualificationType', a.qualificationType ?? undefined) +
    leaf('ao:Level', a.level ?? undefined) +
    leaf('ao:AwardDate', a.awardDate) +
    leaf('ao:Grade', a.grade ?? undefined) +
    leaf('ao:LanguageForAssessment', a.languageForAssessment ?? undefined) +
    leaf('ao:ProviderUKPRN', a.providerUkprn ?? undefined) +
    leaf('ao:Credits', a.credits ?? undefined) +
    leaf('ao:Status', a.status) +
    leaf('ao:UnderDataChallenge', a.underDataChallenge ? 'true' : 'false') +
    leaf('ao:AwardingOrganisationUKPRN', a.awardingOrganisationUkprn) +
    leaf('ao:AwardingOrganisationName', a.awardingOrganisationName) +
    events +
    '</ao:Achievement>'
  );
}

function creditCheckResponse(check: CreditCheck): string {
  const qualification = check.qualification
    ? '<ao:Qualification>' +
      leaf('ao:AimReference', check.qualification.reference) +
      leaf('ao:Title', check.qualification.title) +
      leaf('ao:CreditValue', check.qualification.creditValue ?? undefined) +
      '</ao:Qualification>'
    : '';
  const units = check.units
    .map(
      (u) =>
        '<ao:Unit>' +
        leaf('ao:AimReference', u.aimReference) +
        leaf('ao:Title', u.title) +
        leaf('ao:Level', u.level ?? undefined) +
        leaf('ao:CreditValue', u.credits ?? 0) +
        leaf('ao:AwardDate', u.awardDate) +
        leaf('ao:Grade', u.grade ?? undefined) +
        leaf('ao:AwardingOrganisationName', u.awardingOrganisationName) +
        '</ao:Unit>',
    )
    .join('');
  return (
    `<ao:PerformCreditCheckResponse xmlns:ao="${AO_NS}"><ao:CreditCheck>` +
    leaf('ao:ULN', check.uln) +
    qualification +
    units +
    leaf('ao:TotalCredits', check.totalCredits) +
    '</ao:CreditCheck></ao:PerformCreditCheckResponse>'
  );
}
