import { leaf } from '../platform/xml/xml-writer';
import { objectOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { LRS_REPORT_NS, lrsCallContext } from '../soap/lrs-learner-service';
import type { SoapOperation } from '../soap/soap-call';
import type { VerificationOutcome, VerificationRequest } from './verification.rules';
import { verificationRequestOf } from './verification.soap';
import type { VerificationService } from './verification.service';

/** The learner as sent, to answer with, and as the request to verify. */
interface LrsVerifyLearner {
  searched: XmlObject;
  request: VerificationRequest;
}

/** LRS-compatible verifyLearner (docs/contracts.md, "verifyLearner"). Role: Awarding Body User. */
export function lrsVerifyLearnerOperation(
  service: VerificationService,
): SoapOperation<LrsVerifyLearner, { searched: XmlObject; outcome: VerificationOutcome }> {
  return {
    name: 'verifyLearner',
    requestElement: `{${LRS_REPORT_NS}}VerifyLearner`,
    soapAction: 'http://tempuri.org/LearnerPortType/verifyLearner',
    roles: ['AWARDING_BODY_USER'],
    read(payload) {
      const searched = objectOf(payload, 'LearnerToVerify');
      return { searched, request: verificationRequestOf(searched) };
    },
    handle: async ({ searched, request }, call) => ({
      searched,
      outcome: await service.verifyLearner(request, lrsCallContext(call)),
    }),
    write: ({ searched, outcome }) =>
      `<ns2:VerifyLearnerResponse xmlns:ns2="${LRS_REPORT_NS}">${renderVerifiedLearner(searched, outcome)}</ns2:VerifyLearnerResponse>`,
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
