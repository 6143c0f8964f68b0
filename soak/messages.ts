// The requests of the soak, as an MIS would put them on the wire: SOAP 1.1 envelopes of the
// AO gateway (WS-Security PasswordText) and of the LRS-compatible LearnerService (credentials
// in the body), and admin API calls with HTTP Basic.
import { leaf } from '../src/platform/xml/xml-writer';
import { aoVerifyLearner, COMPAT_PASSWORD, envelope, lrsVerifyLearner, passwordTextHeader } from '../test/support/soap-messages';
import type { AchievementKey, SoakLearner } from './learners';

export const AO_NS = 'urn:lrs-gateway:ao:1';

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const XML = 'text/xml; charset=utf-8';

/** Any AO gateway operation, as `user`. */
export function aoCall(operation: string, user: string, inner: string, password = COMPAT_PASSWORD): Request {
  return {
    method: 'POST',
    path: '/soap/ao',
    headers: { 'Content-Type': XML, SOAPAction: `"${AO_NS}/${operation}"` },
    body: envelope(`<ao:${operation} xmlns:ao="${AO_NS}">${inner}</ao:${operation}>`, passwordTextHeader(user, password)),
  };
}

export function verifyOnAo(learner: SoakLearner, withDemographics: boolean): Request {
  const request = aoVerifyLearner(withDemographics ? learner : { ...learner, dateOfBirth: undefined, gender: undefined });
  return {
    method: 'POST',
    path: '/soap/ao',
    headers: { 'Content-Type': XML, SOAPAction: `"${AO_NS}/VerifyLearner"` },
    body: envelope(request, passwordTextHeader('victor.vance')),
  };
}

export function verifyOnLearnerService(
  learner: SoakLearner,
  credentials: { ukprn?: string; orgPassword?: string; userName?: string } = {},
): Request {
  return {
    method: 'POST',
    path: '/LearnerService.svc',
    headers: { 'Content-Type': XML, SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"' },
    body: envelope(lrsVerifyLearner(learner, credentials)),
  };
}

function keyXml(key: AchievementKey): string {
  return (
    '<ao:Key>' +
    leaf('ao:ULN', key.uln) +
    leaf('ao:GivenName', key.givenName) +
    leaf('ao:FamilyName', key.familyName) +
    leaf('ao:AimReference', key.aimReference) +
    leaf('ao:AwardDate', key.awardDate) +
    '</ao:Key>'
  );
}

/** QCF User of AO One: creates and changes achievements. */
const QCF_USER = 'quentin.quinn';

export function createAchievement(key: AchievementKey, grade: string): Request {
  return aoCall(
    'CreateAchievement',
    QCF_USER,
    '<ao:Learner>' +
      leaf('ao:ULN', key.uln) +
      leaf('ao:GivenName', key.givenName) +
      leaf('ao:FamilyName', key.familyName) +
      '</ao:Learner><ao:Achievement>' +
      leaf('ao:AimReference', key.aimReference) +
      leaf('ao:AwardDate', key.awardDate) +
      leaf('ao:Grade', grade) +
      '</ao:Achievement>',
  );
}

export function updateGrade(key: AchievementKey, grade: string, actionDate: string): Request {
  return aoCall(
    'UpdateAchievement',
    QCF_USER,
    `${keyXml(key)}<ao:Changes>${leaf('ao:Grade', grade)}</ao:Changes>${leaf('ao:ActionDate', actionDate)}`,
  );
}

export function changeStatus(
  operation: 'WithdrawAchievement' | 'ReinstateAchievement',
  key: AchievementKey,
  actionDate: string,
  reason: string,
): Request {
  return aoCall(operation, QCF_USER, `${keyXml(key)}${leaf('ao:ActionDate', actionDate)}${leaf('ao:ActionReason', reason)}`);
}

export function findAchievement(key: AchievementKey): Request {
  return aoCall('FindAchievement', QCF_USER, keyXml(key));
}

/** An LRB user (a school) challenges an achievement on a PLR (guide 6.1). */
export function raiseDataChallenge(key: AchievementKey): Request {
  return aoCall(
    'RaiseDataChallenge',
    'lena.lowe',
    '<ao:Achievement>' +
      leaf('ao:ULN', key.uln) +
      leaf('ao:AimReference', key.aimReference) +
      leaf('ao:AwardDate', key.awardDate) +
      '</ao:Achievement><ao:Type>INFORMATION_WRONG</ao:Type><ao:ProblemType>GRADE_WRONG</ao:ProblemType>' +
      '<ao:Description>Soak test: the grade on the certificate differs</ao:Description>',
  );
}

/** The AO works its challenges as a user holding every AO role. */
const AO_WORKER = 'morgan.mills';

export function listDataChallenges(): Request {
  return aoCall('ListDataChallenges', AO_WORKER, '<ao:Status>NEW</ao:Status><ao:PageSize>20</ao:PageSize>');
}

export function getDataChallenge(id: number): Request {
  return aoCall('GetDataChallenge', AO_WORKER, leaf('ao:Id', id));
}

export function setDataChallengeInProgress(id: number): Request {
  return aoCall('SetDataChallengesInProgress', AO_WORKER, leaf('ao:Id', id));
}

export function resolveDataChallenge(id: number, status: 'RESOLVED_UPHELD' | 'RESOLVED_REJECTED'): Request {
  return aoCall(
    'UpdateDataChallenge',
    AO_WORKER,
    leaf('ao:Id', id) + leaf('ao:Status', status) + leaf('ao:Comment', 'Soak test: checked against the awarding records'),
  );
}

/** Verify batches are the Awarding Body Batch User's, achievement batches the QCF Record Set User's. */
export const BATCH_USER = { VERIFY_LEARNER: 'barbara.bates', ACHIEVEMENT: 'rita.reeves' } as const;

export function submitBatchJob(type: 'VERIFY_LEARNER' | 'ACHIEVEMENT', fileName: string, csv: string): Request {
  return aoCall(
    'SubmitBatchJob',
    BATCH_USER[type],
    leaf('ao:Type', type) +
      leaf('ao:Format', 'CSV') +
      leaf('ao:FileName', fileName) +
      leaf('ao:Content', Buffer.from(csv).toString('base64')),
  );
}

export function batchJobCall(
  operation: 'GetBatchJob' | 'GetBatchJobOutput',
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT',
  jobId: number,
): Request {
  return aoCall(operation, BATCH_USER[type], leaf('ao:JobId', jobId));
}

export function adminGet(user: string, path: string): Request {
  return {
    method: 'GET',
    path: `/admin${path}`,
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${COMPAT_PASSWORD}`).toString('base64')}` },
  };
}
