// CreateAchievement requests for the benchmark: each one a new key (ULN + aim reference +
// award date) for a learner of the compatibility data set, with names that verify exactly.
import { syntheticLearners } from '../src/compatibility/synthetic-learners';
import { KNOWN_LEARNERS } from '../src/compatibility/known-learners';

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

/** The n-th distinct achievement: learners first, then award dates. */
export function nthAchievement(n: number, offset = 0): NewAchievement {
  const learner = learners[n % learners.length];
  const day = (Math.floor(n / learners.length) + offset) % DAYS;
  return {
    uln: learner.uln,
    givenName: learner.givenName,
    familyName: learner.familyName,
    awardDate: new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10),
  };
}

export function createAchievementEnvelope(a: NewAchievement, username = 'quentin.quinn'): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ao="urn:lrs-gateway:ao:1">' +
    '<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>' +
    `<wsse:Username>${username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Compat-Test-2026</wsse:Password>` +
    '</wsse:UsernameToken></wsse:Security></soapenv:Header><soapenv:Body><ao:CreateAchievement>' +
    `<ao:Learner><ao:ULN>${a.uln}</ao:ULN><ao:GivenName>${a.givenName}</ao:GivenName><ao:FamilyName>${a.familyName.replace("'", '&apos;')}</ao:FamilyName></ao:Learner>` +
    `<ao:Achievement><ao:AimReference>${AIM_REFERENCE}</ao:AimReference><ao:AwardDate>${a.awardDate}</ao:AwardDate><ao:Grade>B</ao:Grade></ao:Achievement>` +
    '</ao:CreateAchievement></soapenv:Body></soapenv:Envelope>'
  );
}

export { AIM_REFERENCE };
