import type { Role } from '../platform/auth/roles';
import { SECRET_QUESTIONS } from '../users/secret-question.rules';

/** The organisations and people of the compatibility data set (README.md, "Test credentials"). */
export interface SeedOrganisation {
  ukprn: string;
  organisationRef: string;
  name: string;
  kind: 'AO' | 'LRB' | 'OPERATOR';
  recognitionNumber: string | null;
  /** The 16-character web-services password of the LRS-compatible services. */
  wsPassword: string;
  /** May find learners and read their records (guide 1.4): AO One and the school, not AO Two. */
  learnerManagement: boolean;
  /** An AO's nominated EDC resolver: told of new data challenges and sent the monthly report (guide 6.1). */
  edcResolverEmail?: string;
}

export interface SeedUser {
  ukprn: string;
  givenName: string;
  familyName: string;
  username: string;
  roles: Role[];
  status?: 'ACTIVE' | 'SUSPENDED';
}

export const COMPATIBILITY_PASSWORD = 'Compat-Test-2026';

/** Every seeded user's secret question and answer (guide 2.3.1), so none is stopped at first use. */
export const COMPATIBILITY_SECRET_QUESTION = SECRET_QUESTIONS[0];
export const COMPATIBILITY_SECRET_ANSWER = 'Compat Primary School';

export const SEED_ORGANISATIONS: SeedOrganisation[] = [
  {
    ukprn: '10099900',
    organisationRef: 'OPS001',
    name: 'LRS Gateway Operations',
    kind: 'OPERATOR',
    recognitionNumber: null,
    wsPassword: 'OPSWebService#00',
    learnerManagement: false,
  },
  {
    ukprn: '10099901',
    organisationRef: 'AOB001',
    name: 'Compat Awarding Body One',
    kind: 'AO',
    recognitionNumber: 'RN9001',
    wsPassword: 'AO1WebService#01',
    learnerManagement: true,
    edcResolverEmail: 'edc-resolver.aob001@compatibilitytest.example',
  },
  {
    ukprn: '10099902',
    organisationRef: 'AOB002',
    name: 'Compat Awarding Body Two',
    kind: 'AO',
    recognitionNumber: 'RN9002',
    wsPassword: 'AO2WebService#02',
    learnerManagement: false,
    edcResolverEmail: 'edc-resolver.aob002@compatibilitytest.example',
  },
  {
    ukprn: '10099903',
    organisationRef: 'LRB001',
    name: 'Compat Test School',
    kind: 'LRB',
    recognitionNumber: null,
    wsPassword: 'LRBWebService#03',
    learnerManagement: true,
  },
];

const AO_ROLES: Role[] = ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'];

export const SEED_USERS: SeedUser[] = [
  { ukprn: '10099900', givenName: 'Olga', familyName: 'Ortiz', username: 'olga.ortiz', roles: ['OPERATOR'] },
  { ukprn: '10099901', givenName: 'Alice', familyName: 'Archer', username: 'alice.archer', roles: ['LRB_SUPER_USER'] },
  { ukprn: '10099901', givenName: 'Victor', familyName: 'Vance', username: 'victor.vance', roles: ['AWARDING_BODY_USER'] },
  {
    ukprn: '10099901',
    givenName: 'Barbara',
    familyName: 'Bates',
    username: 'barbara.bates',
    roles: ['AWARDING_BODY_BATCH_USER'],
  },
  { ukprn: '10099901', givenName: 'Quentin', familyName: 'Quinn', username: 'quentin.quinn', roles: ['QCF_USER'] },
  { ukprn: '10099901', givenName: 'Rita', familyName: 'Reeves', username: 'rita.reeves', roles: ['QCF_RECORD_SET_USER'] },
  { ukprn: '10099901', givenName: 'Morgan', familyName: 'Mills', username: 'morgan.mills', roles: AO_ROLES },
  {
    ukprn: '10099901',
    givenName: 'Simon',
    familyName: 'Stone',
    username: 'simon.stone',
    roles: ['AWARDING_BODY_USER'],
    status: 'SUSPENDED',
  },
  { ukprn: '10099902', givenName: 'Owen', familyName: 'Oakley', username: 'owen.oakley', roles: ['LRB_SUPER_USER'] },
  { ukprn: '10099902', givenName: 'Nadia', familyName: 'Novak', username: 'nadia.novak', roles: AO_ROLES },
  { ukprn: '10099903', givenName: 'Leo', familyName: 'Lyons', username: 'leo.lyons', roles: ['LRB_SUPER_USER'] },
  { ukprn: '10099903', givenName: 'Lena', familyName: 'Lowe', username: 'lena.lowe', roles: ['LRB_USER'] },
  { ukprn: '10099901', givenName: 'Dana', familyName: 'Dixon', username: 'dana.dixon', roles: ['DEVELOPER'] },
  { ukprn: '10099903', givenName: 'Devon', familyName: 'Drake', username: 'devon.drake', roles: ['DEVELOPER'] },
];
