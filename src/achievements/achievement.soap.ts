import type { Gender } from '../learners/verification.rules';
import { objectOf, optionalDateOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { leaf } from '../platform/xml/xml-writer';
import { AO_NS, aoCallContext } from '../soap/ao-gateway';
import type { AuthorisedCall, SoapOperation } from '../soap/soap-call';
import type { Role } from '../platform/auth/roles';
import type { AchievementKey, AchievementService, CreditCheck } from './achievement.service';
import type { AchievementView } from './achievement.store';
import { inFormSent } from './qualification-reference';

/** The achievement operations of the AO gateway (guide section 5). Role: QCF User (Appendix A). */
export function achievementOperations(service: AchievementService): SoapOperation[] {
  const qcf: Role[] = ['QCF_USER'];
  return [
    operation('CreateAchievement', qcf, async (call) => {
      const learner = objectOf(call.payload, 'Learner');
      const achievement = objectOf(call.payload, 'Achievement');
      const gender = optionalTextOf(learner, 'Gender');
      const created = await service.create(
        {
          learner: {
            uln: textOf(learner, 'ULN'),
            givenName: textOf(learner, 'GivenName'),
            familyName: textOf(learner, 'FamilyName'),
            dateOfBirth: optionalDateOf(learner, 'DateOfBirth'),
            gender: gender === undefined ? undefined : (Number(gender) as Gender),
            postcode: optionalTextOf(learner, 'Postcode'),
          },
          aimReference: textOf(achievement, 'AimReference'),
          awardDate: optionalDateOf(achievement, 'AwardDate') ?? '',
          grade: optionalTextOf(achievement, 'Grade'),
          languageForAssessment: optionalTextOf(achievement, 'LanguageForAssessment'),
          providerUkprn: optionalTextOf(achievement, 'ProviderUKPRN'),
          dataChallengeId: dataChallengeIdOf(call.payload),
        },
        aoCallContext(call),
      );
      return achievementResponse('CreateAchievementResponse', created, textOf(achievement, 'AimReference'));
    }),
    operation('FindAchievement', qcf, async (call) => {
      const key = keyOf(call.payload);
      return achievementResponse('FindAchievementResponse', await service.find(key, aoCallContext(call)), key.aimReference);
    }),
    operation('UpdateAchievement', qcf, async (call) => {
      const changes = objectOf(call.payload, 'Changes');
      const updated = await service.update(
        {
          key: keyOf(call.payload),
          actionDate: optionalDateOf(call.payload, 'ActionDate') ?? '',
          changes: {
            grade: optionalTextOf(changes, 'Grade'),
            languageForAssessment: optionalTextOf(changes, 'LanguageForAssessment'),
            providerUkprn: optionalTextOf(changes, 'ProviderUKPRN'),
          },
          dataChallengeId: dataChallengeIdOf(call.payload),
        },
        aoCallContext(call),
      );
      return achievementResponse('UpdateAchievementResponse', updated, keyOf(call.payload).aimReference);
    }),
    operation('WithdrawAchievement', qcf, async (call) => {
      const command = followUpOf(call);
      return achievementResponse(
        'WithdrawAchievementResponse',
        await service.withdraw(command, aoCallContext(call)),
        command.key.aimReference,
      );
    }),
    operation('ReinstateAchievement', qcf, async (call) => {
      const command = followUpOf(call);
      return achievementResponse(
        'ReinstateAchievementResponse',
        await service.reinstate(command, aoCallContext(call)),
        command.key.aimReference,
      );
    }),
    operation('PerformCreditCheck', ['QCF_USER', 'QCF_RECORD_SET_USER'], async (call) => {
      const qualificationReference = optionalTextOf(call.payload, 'QualificationReference');
      const check = await service.creditCheck(
        {
          uln: textOf(call.payload, 'ULN'),
          givenName: textOf(call.payload, 'GivenName'),
          familyName: textOf(call.payload, 'FamilyName'),
          qualificationReference,
        },
        aoCallContext(call),
      );
      return creditCheckResponse(check, qualificationReference);
    }),
  ];
}

function operation(name: string, roles: Role[], handle: (call: AuthorisedCall) => Promise<string>): SoapOperation {
  return { name, requestElement: `{${AO_NS}}${name}`, soapAction: `${AO_NS}/${name}`, roles, handle };
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

function followUpOf(call: AuthorisedCall) {
  return {
    key: keyOf(call.payload),
    actionDate: optionalDateOf(call.payload, 'ActionDate') ?? '',
    actionReason: optionalTextOf(call.payload, 'ActionReason'),
    dataChallengeId: dataChallengeIdOf(call.payload),
  };
}

/** The data challenge the action answers, when the AO names one (guide 6.2). */
function dataChallengeIdOf(payload: XmlObject): number | undefined {
  const id = optionalTextOf(payload, 'DataChallengeId');
  return id === undefined ? undefined : Number(id);
}

/** The achievement, its aim reference in the form the caller sent it. */
function achievementResponse(element: string, achievement: AchievementView, sentReference: string): string {
  const answered = { ...achievement, aimReference: inFormSent(sentReference, achievement.aimReference) };
  return `<ao:${element} xmlns:ao="${AO_NS}">${renderAchievement(answered)}</ao:${element}>`;
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

function creditCheckResponse(check: CreditCheck, sentReference: string | undefined): string {
  const qualification = check.qualification
    ? '<ao:Qualification>' +
      leaf('ao:AimReference', inFormSent(sentReference, check.qualification.reference)) +
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
