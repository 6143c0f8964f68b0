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

/** AO elements in the order given (the schema's order), each value escaped. */
function ao(fields: Record<string, string | number>): string {
  return Object.entries(fields)
    .map(([name, value]) => leaf(`ao:${name}`, value))
    .join('');
}

function keyXml(key: AchievementKey): string {
  const { uln, givenName, familyName, aimReference, awardDate } = key;
  return `<ao:Key>${ao({ ULN: uln, GivenName: givenName, FamilyName: familyName, AimReference: aimReference, AwardDate: awardDate })}</ao:Key>`;
}

/** QCF User of AO One: creates and changes achievements. */
const QCF_USER = 'quentin.quinn';

export function createAchievement(key: AchievementKey, grade: string): Request {
  const learner = ao({ ULN: key.uln, GivenName: key.givenName, FamilyName: key.familyName });
  const achievement = ao({ AimReference: key.aimReference, AwardDate: key.awardDate, Grade: grade });
  return aoCall(
    'CreateAchievement',
    QCF_USER,
    `<ao:Learner>${learner}</ao:Learner><ao:Achievement>${achievement}</ao:Achievement>`,
  );
}

export function updateGrade(key: AchievementKey, grade: string, actionDate: string): Request {
  return aoCall(
    'UpdateAchievement',
    QCF_USER,
    `${keyXml(key)}<ao:Changes>${ao({ Grade: grade })}</ao:Changes>${ao({ ActionDate: actionDate })}`,
  );
}

export function changeStatus(
  operation: 'WithdrawAchievement' | 'ReinstateAchievement',
  key: AchievementKey,
  actionDate: string,
  reason: string,
): Request {
  return aoCall(operation, QCF_USER, `${keyXml(key)}${ao({ ActionDate: actionDate, ActionReason: reason })}`);
}

export function findAchievement(key: AchievementKey): Request {
  return aoCall('FindAchievement', QCF_USER, keyXml(key));
}

/** An LRB user (a school) challenges an achievement on a PLR (guide 6.1). */
export function raiseDataChallenge(key: AchievementKey): Request {
  const challenged = ao({ ULN: key.uln, AimReference: key.aimReference, AwardDate: key.awardDate });
  const challenge = ao({
    Type: 'INFORMATION_WRONG',
    ProblemType: 'GRADE_WRONG',
    Description: 'Soak test: the grade on the certificate differs',
  });
  return aoCall('RaiseDataChallenge', 'lena.lowe', `<ao:Achievement>${challenged}</ao:Achievement>${challenge}`);
}

/** The AO works its challenges as a user holding every AO role. */
const AO_WORKER = 'morgan.mills';

export function listDataChallenges(): Request {
  return aoCall('ListDataChallenges', AO_WORKER, ao({ Status: 'NEW', PageSize: 20 }));
}

export function getDataChallenge(id: number): Request {
  return aoCall('GetDataChallenge', AO_WORKER, ao({ Id: id }));
}

export function setDataChallengeInProgress(id: number): Request {
  return aoCall('SetDataChallengesInProgress', AO_WORKER, ao({ Id: id }));
}

export function resolveDataChallenge(id: number, status: 'RESOLVED_UPHELD' | 'RESOLVED_REJECTED'): Request {
  return aoCall(
    'UpdateDataChallenge',
    AO_WORKER,
    ao({ Id: id, Status: status, Comment: 'Soak test: checked against the awarding records' }),
  );
}

/** Verify batches are the Awarding Body Batch User's, achievement batches the QCF Record Set User's. */
export const BATCH_USER = { VERIFY_LEARNER: 'barbara.bates', ACHIEVEMENT: 'rita.reeves' } as const;

export function submitBatchJob(type: 'VERIFY_LEARNER' | 'ACHIEVEMENT', fileName: string, csv: string): Request {
  const content = Buffer.from(csv).toString('base64');
  return aoCall('SubmitBatchJob', BATCH_USER[type], ao({ Type: type, Format: 'CSV', FileName: fileName, Content: content }));
}

export function batchJobCall(
  operation: 'GetBatchJob' | 'GetBatchJobOutput',
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT',
  jobId: number,
): Request {
  return aoCall(operation, BATCH_USER[type], ao({ JobId: jobId }));
}

export function adminGet(user: string, path: string): Request {
  return {
    method: 'GET',
    path: `/admin${path}`,
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${COMPAT_PASSWORD}`).toString('base64')}` },
  };
}
