import type { Gateway } from '../../src/app';
import type { CallContext } from '../../src/platform/call-context';
import { principalOf } from './seeded';

export interface NamedLearner {
  uln: string;
  givenName: string;
  familyName: string;
}

/** What a seeded user of the compatibility data set acts as in a service call. */
export async function actingAs(gateway: Gateway, username: string): Promise<CallContext> {
  return { principal: await principalOf(gateway.dataSource, username), correlationId: `setup-${username}`, surface: 'soap-ao' };
}

/** Records achievements through the AchievementService as a seeded user (an AO's QCF User), for tests that read them back. */
export async function awardsBy(gateway: Gateway, username: string) {
  const context = await actingAs(gateway, username);
  return (learner: NamedLearner, aimReference: string, awardDate: string, grade = 'Pass', providerUkprn?: string) =>
    gateway.achievements.create({ learner, aimReference, awardDate, grade, providerUkprn }, context);
}

/** Learners of the compatibility data set whose records the PLR tests read. */
export const TESTONE: NamedLearner = { uln: '1174112637', givenName: 'TestOne', familyName: 'TesterOne' };
/** A ULN linked to MASTER. */
export const LINKED: NamedLearner = { uln: '4444599390', givenName: 'Sample', familyName: 'Test' };
export const MASTER: NamedLearner = { uln: '6936002314', givenName: 'Testing-Sample', familyName: 'Test' };
/** This learner has not agreed to share their record. */
export const NOT_SHARING: NamedLearner = { uln: '1026922983', givenName: 'Private', familyName: 'Testlearner' };
export const SAMPLE: NamedLearner = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

/**
 * The records the PLR tests read: TESTONE's unit by AO One (provided by the school, under data challenge), their
 * qualification by AO Two and a withdrawn unit; a unit each for LINKED (held on MASTER's record) and NOT_SHARING.
 */
export async function recordTheRecordsRead(gateway: Gateway): Promise<void> {
  const { achievements, dataChallenges } = gateway;
  const [aoOne, school] = await Promise.all([actingAs(gateway, 'quentin.quinn'), actingAs(gateway, 'lena.lowe')]);
  const byAoOne = await awardsBy(gateway, 'quentin.quinn');
  await byAoOne(TESTONE, 'D/601/7002', '2024-06-30', 'Pass', '10099903');
  await (
    await awardsBy(gateway, 'nadia.novak')
  )(TESTONE, '604/6061/1', '2024-07-15', 'Merit');
  await byAoOne(TESTONE, 'F/601/7003', '2024-03-01');
  const key = { ...TESTONE, aimReference: 'F/601/7003', awardDate: '2024-03-01' };
  await achievements.withdraw({ key, actionDate: '2024-03-02', actionReason: 'ACHINVALID' }, aoOne);
  await byAoOne(LINKED, 'A/601/7001', '2024-05-31');
  await byAoOne(NOT_SHARING, 'A/601/7001', '2024-05-31');
  await dataChallenges.service.raise(
    {
      uln: TESTONE.uln,
      aimReference: 'D/601/7002',
      awardDate: '2024-06-30',
      type: 'INFORMATION_WRONG',
      problemType: 'GRADE_WRONG',
      description: 'The grade on the certificate is Merit',
    },
    school,
  );
}
