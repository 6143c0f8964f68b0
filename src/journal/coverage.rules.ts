import { FIND_SCENARIOS } from '../compatibility/find-scenarios';
import { VERIFICATION_SCENARIOS } from '../compatibility/known-learners';

/**
 * The behaviours of each operation a vendor's MIS should have seen before it goes live, and
 * which of them an organisation's journal shows it has (docs/decisions/0092-scenario-coverage.md).
 * Pure: the catalogue is data, and what an exchange showed is read from its outcome and answer.
 */
export interface Behaviour {
  operation: string;
  /** `OK`, `ResponseCode:<code>`, `FailureFlag:<flag>`, `Fault:<error code>`, `JobStatus:<status>` or `Injected:<action>`. */
  key: string;
  /** What the behaviour is, in the contract's words. */
  label: string;
  /** The test learner or input that produces it. */
  howTo: string;
}

export interface SeenExchange {
  id: number;
  operation: string;
  outcome: string;
  responseBody: string | null;
}

const VERIFY_OPERATIONS = ['VerifyLearner', 'verifyLearner'];

/** Response codes (not faults) of the other LRS operations, with what produces each; the finds come from their scenario table. */
const RESPONSE_CODES: Record<string, [code: string, howTo: string][]> = {
  ...findCodes('learnerByULN'),
  ...findCodes('learnerByDemographics'),
  LearnerByUln: findCodes('learnerByULN').learnerByULN,
  FindLearner: firstPerCode([
    ...findCodes('learnerByULN').learnerByULN,
    ...findCodes('learnerByDemographics').learnerByDemographics,
  ]),
  GetLearnerRecord: [
    ['WSRC0004', 'a learner with achievements (ULN 1026893096, Sample Testname)'],
    ['WSRC0022', 'a linked ULN (4444599390, Sample Test)'],
  ],
  registerSingleLearner: [
    ['WSRC0005', 'register a new learner right after a FUL learnerByDemographics search for the same details that found nobody'],
    ['WSRC0021', 'register without that search first, or a learner the search found exactly'],
  ],
  updateSingleLearner: [
    ['WSRC0006', 'change a field of a learner, sending its current VersionNumber'],
    ['WSRC0013', 'send an older VersionNumber'],
    ['WSRC0019', 'a ULN that is not on the register'],
    ['WSRC0020', 'send the learner exactly as held'],
  ],
  submitBatchRegistration: [
    ['WSRC0007', 'a valid batch of 1 to 200 learners'],
    ['WSRC0017', 'a LearnerRecordCount that differs from the learners sent'],
  ],
  getBatchRegistrationOutput: [
    ['WSRC0008', 'ask before the job has finished'],
    ['WSRC0009', 'ask once it has finished'],
    ['WSRC0018', 'a JobID that is not yours'],
  ],
  retrieveULNs: [
    ['WSRC0004', 'a ULN on the register (1026893096)'],
    ['WSRC0022', 'a linked ULN (4444599390)'],
    ['WSRC0001', 'a valid ULN not on the register'],
  ],
  GetLearnerLearningEvents: [
    ['WSRC0004', 'a learner with achievements (ULN 1026893096, Sample Testname)'],
    ['WSRC0022', 'a linked ULN (4444599390, Sample Test)'],
    ['WSEC0206', 'a learner who has not agreed to share (ULN 1026922983)'],
    ['WSEC0208', 'names that do not match the ULN'],
  ],
  UpdateLearnerSubsetFields: [
    ['WSRC0006', 'change the email address, sending the current versionNumber'],
    ['WSRC0013', 'send an older versionNumber'],
    ['WSRC0020', 'send the fields as held'],
  ],
  GetOrganisation: [
    ['WSRC0004', 'UKPRN 10099901'],
    ['WSRC0001', 'a UKPRN no organisation has'],
  ],
};

/** One way to produce each code: the first given. */
function firstPerCode(ways: [string, string][]): [string, string][] {
  return [...new Map([...ways].reverse()).entries()].sort();
}

function findCodes(operation: 'learnerByULN' | 'learnerByDemographics'): Record<string, [string, string][]> {
  const byCode = new Map<string, string>();
  for (const scenario of FIND_SCENARIOS.filter((s) => s.operation === operation)) {
    const details = [
      scenario.uln && `ULN ${scenario.uln}`,
      `${scenario.givenName} ${scenario.familyName}`,
      scenario.dateOfBirth,
      scenario.lastKnownPostCode,
    ]
      .filter(Boolean)
      .join(', ');
    if (!byCode.has(scenario.responseCode)) byCode.set(scenario.responseCode, `${details} (${scenario.what})`);
  }
  return { [operation]: [...byCode].sort() };
}
const BATCH_STATUS_OPERATIONS = ['GetBatchJob', 'getVerifyBatchOutput', 'GetAchievementBatchJob'];

/** Faults every operation can answer, with what produces each. */
const EVERY_OPERATION: [key: string, label: string, howTo: string][] = [
  ['Fault:MESSAGE_INVALID', 'a request the schema refuses', 'send two elements of the request in the wrong order'],
  ['Fault:AUTH_FAILED', 'credentials refused', 'send a wrong password (or a wrong OrgPassword on the LRS services)'],
  [
    'Fault:ROLE_REQUIRED',
    'a user without the role the operation needs',
    'call it as lena.lowe (LRB User) or another user without the role',
  ],
  [
    'Fault:SERVICE_MAINTENANCE',
    'out of service hours (WSEC0004)',
    'arm a fault injection: {"action":"FAULT","fault":"WSEC0004"}',
  ],
  ['Injected:HTTP_503', 'HTTP 503 from a load balancer', 'arm a fault injection: {"action":"HTTP_503"}'],
  ['Injected:RESET', 'the connection reset with no answer', 'arm a fault injection: {"action":"RESET"}'],
  ['Injected:TIMEOUT', 'no answer at all', 'arm a fault injection: {"action":"TIMEOUT"}'],
];

/** Faults particular to an operation, with what produces each. */
const PARTICULAR: Record<string, [code: string, howTo: string][]> = {
  FindLearner: [
    ['ULN_INVALID', 'a ULN whose check digit is wrong (1026893097)'],
    ['LEARNER_MANAGEMENT_NOT_GRANTED', 'an organisation not granted learner management (AO Two)'],
  ],
  GetLearnerRecord: [
    ['LEARNER_NOT_VERIFIED', 'a ULN with names that do not match (ULN 1026893096, names Nobody Known)'],
    ['LEARNER_NOT_SHARING', 'a learner who has not agreed to share (ULN 1026922983, Private Testlearner)'],
    ['LEARNER_MANAGEMENT_NOT_GRANTED', 'an organisation not granted learner management (AO Two)'],
  ],
  CreateAchievement: [
    ['ACHIEVEMENT_EXISTS', 'create the same ULN, aim reference and award date twice'],
    ['LEARNER_NOT_VERIFIED', 'a ULN with names that do not match (ULN 1026893096, names Nobody Known)'],
    ['QUALIFICATION_UNKNOWN', 'an aim reference that is not on the register (999/9999/9)'],
    ['GRADE_INVALID', "a grade outside the qualification's scale (grade Z for 603/5678/9)"],
    ['AWARD_DATE_IN_FUTURE', 'an award date after today'],
  ],
  UpdateAchievement: [
    ['ACHIEVEMENT_NOT_FOUND', 'a key no achievement of yours has'],
    ['ACHIEVEMENT_UNCHANGED', 'an update that changes nothing'],
    ['ACHIEVEMENT_WITHDRAWN', 'update a withdrawn achievement'],
  ],
  WithdrawAchievement: [
    ['ACHIEVEMENT_NOT_FOUND', 'a key no achievement of yours has'],
    ['ACHIEVEMENT_ALREADY_WITHDRAWN', 'withdraw the same achievement twice'],
    ['ACTION_REASON_INVALID', 'a reason not in guide Appendix D'],
  ],
  ReinstateAchievement: [
    ['ACHIEVEMENT_NOT_WITHDRAWN', 'reinstate an achievement that is not withdrawn'],
    ['ACHIEVEMENT_NOT_FOUND', 'a key no achievement of yours has'],
  ],
  FindAchievement: [['ACHIEVEMENT_NOT_FOUND', 'a key no achievement of yours has']],
  SubmitBatchJob: [
    ['BATCH_FILE_INVALID', 'a file whose header is not the layout of its type'],
    ['BATCH_DUPLICATE_FILE', 'submit the same file twice'],
  ],
  GetBatchJob: [['BATCH_JOB_NOT_FOUND', 'a job id that is not yours']],
  GetBatchJobOutput: [
    ['BATCH_NOT_FINISHED', 'ask before the job has finished'],
    ['BATCH_JOB_NOT_FOUND', 'a job id that is not yours'],
  ],
  CancelBatchJob: [['BATCH_ALREADY_FINISHED', 'cancel a job that has finished']],
  learnerByULN: [['LEARNER_MANAGEMENT_NOT_GRANTED', 'call as an organisation without learner management (AO Two)']],
  learnerByDemographics: [['LEARNER_MANAGEMENT_NOT_GRANTED', 'call as an organisation without learner management (AO Two)']],
  submitVerifyBatch: [['BATCH_RECORD_COUNT_MISMATCH', 'a LearnerRecordCount that differs from the learners sent (WSRC0030)']],
  getVerifyBatchOutput: [['BATCH_JOB_NOT_FOUND', 'a JobID that is not yours (WSRC0018)']],
  SubmitAchievementBatchJob: [
    ['BATCH_EMAIL_INVALID', 'an emailAddress that is not an address (WSEC0044)'],
    ['BATCH_SUBMISSION_TYPE_INVALID', 'a submissionType other than Final (WSEC0045)'],
    ['BATCH_NO_RECORDS', 'no achievements (WSEC0047)'],
  ],
  RaiseDataChallenge: [
    ['DATA_CHALLENGE_OPEN_EXISTS', 'challenge an achievement that already has an open challenge'],
    ['DATA_CHALLENGE_ACHIEVEMENT_NOT_FOUND', 'challenge a key no achievement has'],
  ],
  UpdateDataChallenge: [
    ['DATA_CHALLENGE_TRANSITION_INVALID', 'a status the challenge cannot move to from where it is'],
    ['DATA_CHALLENGE_COMMENT_REQUIRED', 'reject or close without a comment'],
  ],
  GetDataChallenge: [['DATA_CHALLENGE_NOT_FOUND', 'an id that is not a challenge of yours']],
};

const JOB_STATUSES: [status: string, howTo: string][] = [
  ['WAITING', 'ask at once after submitting, before a worker takes it'],
  ['SUCCESSFUL', 'ask once the job has finished'],
  ['FAILED', 'submit a file with a wrong record count or a malformed row structure'],
  ['CANCELLED', 'cancel a job that is waiting (CancelBatchJob)'],
];

/** Every behaviour of these operations the coverage checklist asks for. */
export function catalogue(operations: readonly string[]): Behaviour[] {
  return operations.flatMap((operation) => {
    const behaviours: Behaviour[] = [{ operation, key: 'OK', label: 'a successful answer', howTo: 'a valid call' }];
    if (VERIFY_OPERATIONS.includes(operation)) {
      const byCode = new Map<string, string>();
      const byFlag = new Map<string, string>();
      for (const scenario of VERIFICATION_SCENARIOS) {
        const learner = `ULN ${scenario.uln}, ${scenario.givenName.trim()} ${scenario.familyName}${scenario.dateOfBirth ? `, born ${scenario.dateOfBirth}` : ''} (${scenario.what})`;
        if (!byCode.has(scenario.responseCode)) byCode.set(scenario.responseCode, learner);
        for (const flag of scenario.failureFlags) if (!byFlag.has(flag)) byFlag.set(flag, learner);
      }
      for (const [code, howTo] of [...byCode].sort()) {
        behaviours.push({ operation, key: `ResponseCode:${code}`, label: `response code ${code}`, howTo });
      }
      for (const [flag, howTo] of [...byFlag].sort()) {
        behaviours.push({ operation, key: `FailureFlag:${flag}`, label: `failure flag ${flag}`, howTo });
      }
    }
    for (const [code, howTo] of RESPONSE_CODES[operation] ?? []) {
      behaviours.push({ operation, key: `ResponseCode:${code}`, label: `response code ${code}`, howTo });
    }
    if (BATCH_STATUS_OPERATIONS.includes(operation)) {
      for (const [status, howTo] of JOB_STATUSES) {
        behaviours.push({ operation, key: `JobStatus:${status}`, label: `a job ${status}`, howTo });
      }
    }
    for (const [code, howTo] of PARTICULAR[operation] ?? []) {
      behaviours.push({ operation, key: `Fault:${code}`, label: `the fault ${code}`, howTo });
    }
    for (const [key, label, howTo] of EVERY_OPERATION) behaviours.push({ operation, key, label, howTo });
    return behaviours;
  });
}

/** The behaviours one exchange showed: its outcome, and the codes, flags and job states of its answer. */
export function behavioursShown(exchange: SeenExchange): string[] {
  const shown: string[] = [];
  if (exchange.outcome === 'OK') shown.push('OK');
  else if (exchange.outcome.startsWith('INJECTED_')) shown.push(`Injected:${exchange.outcome.slice('INJECTED_'.length)}`);
  else shown.push(`Fault:${exchange.outcome}`);
  const body = exchange.responseBody ?? '';
  const values = (element: string) =>
    [...body.matchAll(new RegExp(`<(?:[\\w.-]+:)?${element}>([^<]{1,40})</(?:[\\w.-]+:)?${element}>`, 'g'))].map((m) =>
      m[1].trim(),
    );
  if (exchange.outcome === 'OK') {
    for (const code of values('ResponseCode')) shown.push(`ResponseCode:${code}`);
    for (const flag of values('FailureFlag')) shown.push(`FailureFlag:${flag}`);
    for (const status of [...values('Status'), ...values('JobStatus')]) shown.push(`JobStatus:${status}`);
  }
  return [...new Set(shown)];
}

export interface CoverageLine extends Behaviour {
  /** The journal entry that first showed it, or null when not yet seen. */
  seenIn: number | null;
}

/** The checklist of the operations an organisation has called: each behaviour, seen (and where) or not yet. */
export function coverage(exchanges: readonly SeenExchange[]): CoverageLine[] {
  const oldestFirst = [...exchanges].sort((a, b) => a.id - b.id);
  const called = [...new Set(oldestFirst.map((e) => e.operation))].filter((operation) => operation !== 'unknown').sort();
  const seen = new Map<string, number>();
  for (const exchange of oldestFirst) {
    for (const key of behavioursShown(exchange)) {
      const id = `${exchange.operation} ${key}`;
      if (!seen.has(id)) seen.set(id, exchange.id);
    }
  }
  return catalogue(called).map((behaviour) => ({
    ...behaviour,
    seenIn: seen.get(`${behaviour.operation} ${behaviour.key}`) ?? null,
  }));
}
