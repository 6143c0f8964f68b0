import { DETAIL_FIELDS } from '../../src/learners/learner-fields.rules';
import { LEARNER_REGISTRATION_LAYOUT } from '../../src/batches/batch-layouts';
import { envelope } from './soap-messages';

export const REG_NS = 'http://api.lrs.miap.gov.uk/regmsg';
export const BATCH_NS = 'http://api.lrs.miap.gov.uk/batchmsg';

/** Body credentials of a LearnerService request; by default the school's LRB user, whose organisation holds learner management. */
export interface Credentials {
  ukprn: string;
  orgPassword: string;
  userName: string;
}

export const SCHOOL_USER: Credentials = { ukprn: '10099903', orgPassword: 'LRBWebService#03', userName: 'lena.lowe' };
/** AO One holds learner management; victor.vance is its Awarding Body User, barbara.bates its batch user. */
export const AO_ONE_USER: Credentials = { ukprn: '10099901', orgPassword: 'AO1WebService#01', userName: 'victor.vance' };
export const AO_ONE_BATCH_USER: Credentials = { ...AO_ONE_USER, userName: 'barbara.bates' };
/** AO Two does not hold learner management; nadia.novak holds every AO role. */
export const AO_TWO_USER: Credentials = { ukprn: '10099902', orgPassword: 'AO2WebService#02', userName: 'nadia.novak' };

export type Learner = Partial<Record<string, string>>;

/** A learner to register: the mandatory fields of LearnerToRegister, and whatever else is given. */
export function aLearner(overrides: Learner = {}): Learner {
  return {
    GivenName: 'Ada',
    FamilyName: 'Register',
    LastKnownPostCode: 'CV4 9EE',
    DateOfBirth: '2008-04-01',
    Gender: '2',
    VerificationType: '1',
    AbilityToShare: '1',
    ...overrides,
  };
}

function credentials(c: Credentials): string {
  return `<UKPRN>${c.ukprn}</UKPRN><OrgPassword>${c.orgPassword}</OrgPassword><UserName>${c.userName}</UserName>`;
}

/** The learner's fields in the contract's order (LearnerToRegister, then ULN and VersionNumber when updating). */
function fields(learner: Learner, order: readonly string[]): string {
  return order
    .filter((name) => learner[name] !== undefined)
    .map((name) => `<${name}>${learner[name]}</${name}>`)
    .join('');
}

export function registerLearner(learner: Learner, as: Credentials = SCHOOL_USER): string {
  return envelope(
    `<reg:RegisterLearner xmlns:reg="${REG_NS}">${credentials(as)}<Learner>${fields(learner, DETAIL_FIELDS)}</Learner></reg:RegisterLearner>`,
  );
}

export function updateLearner(learner: Learner, as: Credentials = SCHOOL_USER): string {
  return envelope(
    `<reg:UpdateLearner xmlns:reg="${REG_NS}">${credentials(as)}<Learner>${fields(learner, [...DETAIL_FIELDS, 'ULN', 'VersionNumber'])}</Learner></reg:UpdateLearner>`,
  );
}

/** The BatchLearner fields, in their own order. */
const BATCH_FIELDS = LEARNER_REGISTRATION_LAYOUT.columns.filter((c) => c !== 'JobType');

export function submitBatchRegistration(
  jobType: 'FUL' | 'CHK',
  learners: Learner[],
  options: { count?: number; as?: Credentials } = {},
): string {
  return envelope(
    `<bat:SubmitBatch xmlns:bat="${BATCH_NS}">${credentials(options.as ?? SCHOOL_USER)}<JobType>${jobType}</JobType>` +
      `<LearnerRecordCount>${options.count ?? learners.length}</LearnerRecordCount>` +
      learners.map((l) => `<Learner>${fields(l, BATCH_FIELDS)}</Learner>`).join('') +
      '</bat:SubmitBatch>',
  );
}

export function getBatchRegistrationOutput(jobId: number | string, as: Credentials = SCHOOL_USER): string {
  return envelope(
    `<bat:GetSubmitBatchOutput xmlns:bat="${BATCH_NS}">${credentials(as)}<JobID>${jobId}</JobID></bat:GetSubmitBatchOutput>`,
  );
}

/** Each output Learner of a getBatchRegistrationOutput answer, its fields by name. */
export function outputLearners(xml: string): Record<string, string>[] {
  return [...xml.matchAll(/<Learner>([\s\S]*?)<\/Learner>/g)].map((m) =>
    Object.fromEntries([...m[1].matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((f) => [f[1], f[2]])),
  );
}
