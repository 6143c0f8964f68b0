import type { Clock } from '../../src/platform/clock';
import { SECRET_QUESTIONS } from '../../src/users/secret-question.rules';
import { USER_AGREEMENT_VERSION } from '../../src/users/user-agreement';
import { admin, type JsonReply } from '../support/admin-client';
import {
  aoVerifyLearner,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordDigestHeader,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';

/** Helpers shared by the users tests: SOAP calls as a user, the first-login steps, a clock tests can move. */

const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

/** VerifyLearner on the AO gateway: the response code, or the fault's stable code. */
export async function aoVerify(baseUrl: string, username: string, password: string, digest = false): Promise<string | undefined> {
  const header = digest ? passwordDigestHeader(username, password) : passwordTextHeader(username, password);
  const reply = await postSoap(`${baseUrl}/soap/ao`, envelope(aoVerifyLearner(SAMPLE), header));
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code');
}

/** verifyLearner on the LRS-compatible service, as AO One unless told: the response code, or the fault's WSEC code. */
export async function lrsVerify(
  baseUrl: string,
  userName: string,
  orgPassword = 'AO1WebService#01',
  ukprn = '10099901',
): Promise<string | undefined> {
  const body = envelope(lrsVerifyLearner(SAMPLE, { userName, orgPassword, ukprn }));
  const reply = await postSoap(`${baseUrl}/LearnerService.svc`, body, {
    SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"',
  });
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'ErrorCode');
}

/** GetAchievementBatchJob on ExternalService.svc as rita.reeves of AO One: the DomainFault's code and explanation, or the response code. */
export async function externalCall(baseUrl: string): Promise<{ errorCode?: string; explanation: string }> {
  const body =
    '<ser:GetAchievementBatchJob xmlns:ser="http://api.lrs.qcf.gov.uk/services" xmlns:mod="http://api.lrs.qcf.gov.uk/model">' +
    '<ser:invokingUser><mod:OrgPassword>AO1WebService#01</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
    '<mod:UserName>rita.reeves</mod:UserName></ser:invokingUser><ser:jobId>999999</ser:jobId></ser:GetAchievementBatchJob>';
  const reply = await postSoap(`${baseUrl}/ExternalService.svc`, envelope(body), {
    SOAPAction: '"http://api.lrs.qcf.gov.uk/services/IExternalService/GetAchievementBatchJob"',
  });
  return {
    errorCode: firstText(reply.body, 'ErrorCode') ?? firstText(reply.body, 'ResponseCode'),
    explanation: Buffer.from(firstText(reply.body, 'ErrorDetail') ?? '', 'base64').toString('utf8'),
  };
}

export const codeOf = (reply: JsonReply) => reply.body.error?.code ?? `HTTP ${reply.status}`;

export const QUESTION = SECRET_QUESTIONS[2];

/** guide 2.3.1 in order: change the one-time password, accept the agreement, set the secret question. */
export async function completeFirstLogin(
  baseUrl: string,
  username: string,
  oneTimePassword: string,
  newPassword: string,
  answer = 'Rex',
): Promise<void> {
  const steps = [
    await admin(baseUrl, 'PUT', '/self/password', { user: username, password: oneTimePassword, body: { newPassword } }),
    await admin(baseUrl, 'POST', '/self/agreement', {
      user: username,
      password: newPassword,
      body: { version: USER_AGREEMENT_VERSION },
    }),
    await admin(baseUrl, 'PUT', '/self/secret-question', {
      user: username,
      password: newPassword,
      body: { question: QUESTION, answer },
    }),
  ];
  for (const step of steps) if (step.status !== 200) throw new Error(`first login of ${username}: ${JSON.stringify(step.body)}`);
}

/** A clock that runs with real time, moved forward on demand (password expiry). */
export function movableClock(): Clock & { advanceDays(days: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceDays(days: number) {
      offsetMs += days * 86_400_000;
    },
  };
}
