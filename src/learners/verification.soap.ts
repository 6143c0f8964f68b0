import { leaf } from '../platform/xml/xml-writer';
import { optionalDateOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { aoCallContext, aoOperation, AO_NS } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { Gender, VerificationOutcome, VerificationRequest } from './verification.rules';
import type { VerificationService } from './verification.service';

/** AO gateway VerifyLearner (guide 5.1, Appendix C). Role: Awarding Body User (Appendix A). */
export function verifyLearnerOperation(service: VerificationService): SoapOperation<VerificationRequest, VerificationOutcome> {
  return aoOperation('VerifyLearner', ['AWARDING_BODY_USER'], {
    read: verificationRequestOf,
    handle: (request, call) => service.verifyLearner(request, aoCallContext(call)),
    write: renderVerifyLearnerResponse,
  });
}

/** The learner to verify, from an element with ULN, GivenName, FamilyName, DateOfBirth? and Gender? (both contracts). */
export function verificationRequestOf(learner: XmlObject): VerificationRequest {
  const gender = optionalTextOf(learner, 'Gender');
  return {
    uln: textOf(learner, 'ULN'),
    givenName: textOf(learner, 'GivenName'),
    familyName: textOf(learner, 'FamilyName'),
    dateOfBirth: optionalDateOf(learner, 'DateOfBirth'),
    gender: gender === undefined ? undefined : (Number(gender) as Gender),
  };
}

export function renderVerifyLearnerResponse(outcome: VerificationOutcome): string {
  const learner = outcome.learner;
  const details = learner
    ? '<ao:Learner>' +
      leaf('ao:ULN', learner.uln) +
      leaf('ao:GivenName', learner.givenName) +
      leaf('ao:FamilyName', learner.familyName) +
      leaf('ao:DateOfBirth', learner.dateOfBirth) +
      leaf('ao:Gender', learner.gender) +
      '</ao:Learner>'
    : '';
  return (
    `<ao:VerifyLearnerResponse xmlns:ao="${AO_NS}">` +
    leaf('ao:ResponseCode', outcome.responseCode) +
    details +
    outcome.failureFlags.map((flag) => leaf('ao:FailureFlag', flag)).join('') +
    '</ao:VerifyLearnerResponse>'
  );
}
