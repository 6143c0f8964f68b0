import { envelope } from './soap-messages';

const SERVICES = 'http://api.lrs.qcf.gov.uk/services';
const MODEL = 'http://api.lrs.qcf.gov.uk/model';

/** One SubmitAchievementBatchJob achievement, its members in the contract's (alphabetical) order. */
export function externalAchievement(fields: Record<string, string>): string {
  return `<ser:Achievement>${Object.keys(fields)
    .sort()
    .map((name) => `<ser:${name}>${fields[name]}</ser:${name}>`)
    .join('')}</ser:Achievement>`;
}

/** A SubmitAchievementBatchJob request from AO One's QCF Record Set User (rita.reeves). */
export function submitAchievementBatchJob(achievements: string, emailAddress = 'results@ao1.example'): string {
  return envelope(
    `<ser:SubmitAchievementBatchJob xmlns:ser="${SERVICES}" xmlns:mod="${MODEL}">` +
      '<ser:invokingUser><mod:OrgPassword>AO1WebService#01</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
      '<mod:UserName>rita.reeves</mod:UserName></ser:invokingUser>' +
      `<ser:emailAddress>${emailAddress}</ser:emailAddress><ser:submissionType>Final</ser:submissionType>` +
      `<ser:achievements>${achievements}</ser:achievements></ser:SubmitAchievementBatchJob>`,
  );
}

/** A submitVerifyBatch request from AO One's Awarding Body Batch User (barbara.bates). */
export function submitVerifyBatch(
  learners: { mis: string; uln: string; familyName: string; givenName: string }[],
  orgEmail?: string,
): string {
  return envelope(
    '<vld:SubmitVerifyBatch xmlns:vld="http://api.lrs.miap.gov.uk/vldmsg">' +
      '<UKPRN>10099901</UKPRN><OrgPassword>AO1WebService#01</OrgPassword><UserName>barbara.bates</UserName>' +
      `<LearnerRecordCount>${learners.length}</LearnerRecordCount>` +
      (orgEmail ? `<OrgEmail>${orgEmail}</OrgEmail>` : '') +
      learners
        .map(
          (l) =>
            `<Learner><MISIdentifier>${l.mis}</MISIdentifier><ULN>${l.uln}</ULN><FamilyName>${l.familyName}</FamilyName>` +
            `<GivenName>${l.givenName}</GivenName></Learner>`,
        )
        .join('') +
      '</vld:SubmitVerifyBatch>',
  );
}
