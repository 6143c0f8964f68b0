import { leaf } from '../platform/xml/xml-writer';
import { optionalDateOf, optionalTextOf, textOf } from '../platform/xml/xml-object';
import { AO_NS, aoCallContext } from '../soap/ao-gateway';
import type { SoapOperation } from '../soap/soap-call';
import type { Gender, VerificationOutcome } from './verification.rules';
import type { VerificationService } from './verification.service';

/** AO gateway VerifyLearner (guide 5.1, Appendix C). Role: Awarding Body User (Appendix A). */
export function verifyLearnerOperation(service: VerificationService): SoapOperation {
  return {
    name: 'VerifyLearner',
    requestElement: `{${AO_NS}}VerifyLearner`,
    soapAction: `${AO_NS}/VerifyLearner`,
    roles: ['AWARDING_BODY_USER'],
    async handle(call) {
      const p = call.payload;
      const gender = optionalTextOf(p, 'Gender');
      const outcome = await service.verifyLearner(
        {
          uln: textOf(p, 'ULN'),
          givenName: textOf(p, 'GivenName'),
          familyName: textOf(p, 'FamilyName'),
          dateOfBirth: optionalDateOf(p, 'DateOfBirth'),
          gender: gender === undefined ? undefined : (Number(gender) as Gender),
        },
        aoCallContext(call),
      );
      return renderVerifyLearnerResponse(outcome);
    },
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
