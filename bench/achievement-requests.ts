// CreateAchievement requests for the benchmark: each one a new key (ULN + aim reference +
// award date) for a learner of the compatibility data set, with names that verify exactly.
import { syntheticLearners } from '../src/compatibility/synthetic-learners';
import { KNOWN_LEARNERS } from '../src/compatibility/known-learners';
import { envelope, passwordTextHeader } from '../test/support/soap-messages';

const AIM_REFERENCE = '603/5678/9'; // AO One's A level, operational since 2015-09-01
const FIRST_DAY = Date.UTC(2015, 8, 1);
const DAYS = 3650;

const learners = syntheticLearners(5000, undefined, new Set(KNOWN_LEARNERS.map((l) => l.uln)));

/** The learners the bench's gateways hold (SYNTHETIC_LEARNERS=5000), with their demographics. */
export function syntheticLearnerList() {
  return learners;
}

export interface NewAchievement {
  uln: string;
  givenName: string;
  familyName: string;
  awardDate: string;
}

function awardDate(day: number): string {
  return new Date(FIRST_DAY + (day % DAYS) * 86_400_000).toISOString().slice(0, 10);
}

/** The n-th distinct achievement: learners first, then award dates. */
export function nthAchievement(n: number, offset = 0): NewAchievement {
  const learner = learners[n % learners.length];
  return {
    uln: learner.uln,
    givenName: learner.givenName,
    familyName: learner.familyName,
    awardDate: awardDate(Math.floor(n / learners.length) + offset),
  };
}

export function createAchievementEnvelope(a: NewAchievement, username = 'quentin.quinn'): string {
  return envelope(
    '<ao:CreateAchievement xmlns:ao="urn:lrs-gateway:ao:1">' +
      `<ao:Learner><ao:ULN>${a.uln}</ao:ULN><ao:GivenName>${a.givenName}</ao:GivenName><ao:FamilyName>${a.familyName.replace("'", '&apos;')}</ao:FamilyName></ao:Learner>` +
      `<ao:Achievement><ao:AimReference>${AIM_REFERENCE}</ao:AimReference><ao:AwardDate>${a.awardDate}</ao:AwardDate><ao:Grade>B</ao:Grade></ao:Achievement>` +
      '</ao:CreateAchievement>',
    passwordTextHeader(username),
  );
}

export const AWARD_DATE_MARK = '@AWARD_DATE@';

/**
 * The same sequence for a load generator that builds its own requests (bench/wrk-post.lua): one
 * CreateAchievement per learner with its award date marked, and the award dates in order. The
 * n-th achievement is learner n mod L on award date floor(n / L) mod D, as nthAchievement has it.
 */
export function achievementSequence(): { templates: string[]; awardDates: string[] } {
  return {
    templates: learners.map((l) => createAchievementEnvelope({ ...l, awardDate: AWARD_DATE_MARK })),
    awardDates: Array.from({ length: DAYS }, (_, day) => awardDate(day)),
  };
}

export { AIM_REFERENCE };
