// What npm run bench sends to the SOAP front door: VerifyLearner on each surface and CreateAchievement,
// with the credentials of the compatibility data set, and the ratio to bare Express each must reach
// (docs/decisions/0072-front-door-bench.md).
import { aoVerifyLearner, envelope, lrsVerifyLearner, passwordTextHeader } from '../test/support/soap-messages';
import type { FrontDoorSurface } from './stages';

const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-16', gender: 2 };

export interface RatioTarget {
  /** The least ratio to bare Express, in the same run, that meets the target. */
  least: number;
  /** What to aim for. */
  aim?: number;
}

export interface FrontDoorOperation {
  label: string;
  /** For the heads of the stage table's columns. */
  short: string;
  surface: FrontDoorSurface;
  path: string;
  soapAction?: string;
  /** One request for every call, or a new achievement each time (bench/achievement-requests.ts). */
  request: { fixed: string } | 'new achievements';
  target: RatioTarget;
  /** Measured with the caller's request journal on (docs/decisions/0087-the-request-journal.md); off otherwise. */
  journal?: boolean;
}

/** Each surface's VerifyLearner: measured under load, and its stages alone (bench/stages.ts). */
export const VERIFY_REQUESTS: Record<FrontDoorSurface, string> = {
  'soap-ao': envelope(aoVerifyLearner(SAMPLE), passwordTextHeader('victor.vance')),
  'soap-lrs': envelope(lrsVerifyLearner(SAMPLE)),
};

/** node-soap's own echo reaches about 0.75 of bare Express: the aim for a read. */
const VERIFY_TARGET: RatioTarget = { least: 0.5, aim: 0.75 };

export const FRONT_DOOR_OPERATIONS: readonly FrontDoorOperation[] = [
  {
    label: 'VerifyLearner, /soap/ao (WS-Security PasswordText)',
    short: 'VerifyLearner /soap/ao',
    surface: 'soap-ao',
    path: '/soap/ao',
    request: { fixed: VERIFY_REQUESTS['soap-ao'] },
    target: VERIFY_TARGET,
  },
  {
    label: 'verifyLearner, /LearnerService.svc (credentials in the body)',
    short: 'verifyLearner /LearnerService.svc',
    surface: 'soap-lrs',
    path: '/LearnerService.svc',
    soapAction: 'http://tempuri.org/LearnerPortType/verifyLearner',
    request: { fixed: VERIFY_REQUESTS['soap-lrs'] },
    target: VERIFY_TARGET,
  },
  {
    label: 'VerifyLearner, /soap/ao, with the request journal on (its cost: compare with the row above)',
    short: 'VerifyLearner /soap/ao, journal on',
    surface: 'soap-ao',
    path: '/soap/ao',
    request: { fixed: VERIFY_REQUESTS['soap-ao'] },
    target: VERIFY_TARGET,
    journal: true,
  },
  {
    label: 'CreateAchievement, /soap/ao (WS-Security PasswordText)',
    short: 'CreateAchievement /soap/ao',
    surface: 'soap-ao',
    path: '/soap/ao',
    request: 'new achievements',
    target: { least: 0.3 },
  },
];
