import { leaf } from '../platform/xml/xml-writer';
import { objectOf, optionalDateOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { LRS_REPORT_NS, lrsCallContext } from '../soap/lrs-learner-service';
import type { SoapOperation } from '../soap/soap-call';
import type { Gender, VerificationOutcome } from './verification.rules';
import type { VerificationService } from './verification.service';

/** LRS-compatible verifyLearner (docs/contracts.md, "verifyLearner"). Role: Awarding Body User. */
export function lrsVerifyLearnerOperation(service: VerificationService): SoapOperation {
  return {
    name: 'verifyLearner',
    requestElement: `{${LRS_REPORT_NS}}VerifyLearner`,
    soapAction: 'http://tempuri.org/LearnerPortType/verifyLearner',
    roles: ['AWARDING_BODY_USER'],
    async handle(call) {
      const learner = objectOf(call.payload, 'LearnerToVerify');
      const gender = optionalTextOf(learner, 'Gender');
      const outcome = await service.verifyLearner(
        {
          uln: textOf(learner, 'ULN'),
          givenName: textOf(learner, 'GivenName'),
          familyName: textOf(learner, 'FamilyName'),
          dateOfBirth: optionalDateOf(learner, 'DateOfBirth'),
          gender: gender === undefined ? undefined : (Number(gender) as Gender),
        },
        lrsCallContext(call),
      );
      return `<ns2:VerifyLearnerResponse xmlns:ns2="${LRS_REPORT_NS}">${renderVerifiedLearner(learner, outcome)}</ns2:VerifyLearnerResponse>`;
    },
  };
}

/** MIAPVerifiedLearner: the searched values as sent, then the result, in the real element order. */
export function renderVerifiedLearner(searched: XmlObject, outcome: VerificationOutcome, misIdentifier?: string): string {
  const held = outcome.learner;
  return (
    '<VerifiedLearner>' +
    (misIdentifier === undefined ? '' : leaf('MISIdentifier', misIdentifier)) +
    leaf('SearchedULN', textOf(searched, 'ULN')) +
    leaf('SearchedFamilyName', textOf(searched, 'FamilyName')) +
    leaf('SearchedGivenName', textOf(searched, 'GivenName')) +
    leaf('SearchedDateOfBirth', optionalTextOf(searched, 'DateOfBirth')) +
    leaf('SearchedGender', optionalTextOf(searched, 'Gender')) +
    leaf('ResponseCode', outcome.responseCode) +
    leaf('ULN', held?.uln) +
    leaf('FamilyName', held?.familyName) +
    leaf('GivenName', held?.givenName) +
    leaf('DateOfBirth', held?.dateOfBirth) +
    leaf('Gender', held?.gender) +
    outcome.failureFlags.map((flag) => leaf('FailureFlag', flag)).join('') +
    '</VerifiedLearner>'
  );
}
