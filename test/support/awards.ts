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
