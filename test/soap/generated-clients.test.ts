import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORGANISATION_LOOKUP_ROLES } from '../../src/learners/learner-service-r9.module';
import { ERROR_CODES, type ErrorCode } from '../../src/platform/error-codes';
import { eachDatabase } from '../support/databases';
import {
  buildClient,
  type ClientKind,
  type ClientLine,
  type GeneratedClient,
  intentionallyAbsent,
  runClient,
  SURFACE_PATHS,
} from '../support/generated-clients';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { fetchServedContract, WSDL_NS } from '../support/served-contract';
import { childrenNamed } from '../support/xml-tree';

/**
 * The clients MIS vendors run: Java (JAX-WS, wsimport) and .NET (Mono's wsdl, the classic
 * SoapHttpClientProtocol proxy) generated from the WSDLs the running gateway serves, calling
 * every operation of every SOAP surface with a happy path and a fault path
 * (test/interop/java, test/interop/dotnet). When a tool is missing the tests fail naming the apt
 * package; they are skipped only when INTEROP_TOOLS_ABSENT says so, which CI never sets.
 */

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const AO_NS = 'urn:lrs-gateway:ao:1';
const LRS_EXCEPTIONS_NS = 'http://api.lrs.miap.gov.uk/exceptions';
const EXTERNAL_FAULTS_NS = 'http://api.lrs.qcf.gov.uk/faults';
const AWARD_DATE = '2025-06-20';
const OTHER_DATE = '2025-06-21';
const ACTION_DATE = '2025-07-01';
const BUILD_TIMEOUT_MS = 4 * 60_000;
const RUN_TIMEOUT_MS = 2 * 60_000;

interface Learner {
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: number;
}

/** Each client works on its own learner, so both can share one gateway. */
const CLIENTS: Record<ClientKind, { learner: Learner; misPrefix: string; fileTag: string }> = {
  'jax-ws': {
    learner: { uln: '2000000087', givenName: 'James', familyName: 'Smith', dateOfBirth: '2001-02-03', gender: 1 },
    misPrefix: 'JAVA',
    fileTag: 'java',
  },
  '.net': {
    learner: { uln: '2000000222', givenName: 'Sally Ann', familyName: 'Jones', dateOfBirth: '2003-04-05', gender: 2 },
    misPrefix: 'NET',
    fileTag: 'dotnet',
  },
};

type Service = 'ao' | 'lrs' | 'external' | 'r9';

interface Expected {
  service: Service;
  operation: string;
  path: string;
  result?: Record<string, unknown>;
  fault?: Record<string, unknown>;
}

/** How each client reports a fault: JAX-WS through the generated fault class, .NET through SoapException. */
function faultOf(kind: ClientKind, service: Service, operation: string, side: 'Client' | 'Server'): Record<string, unknown> {
  if (kind === 'jax-ws') {
    const exception = {
      ao: 'GatewayFault',
      lrs: 'MIAPAPIExceptionFault',
      external: `IExternalService${operation}DomainFaultFaultFaultMessage`,
      r9: `ILearnerServiceR9${operation}DomainFaultFaultFaultMessage`,
    };
    return { exception: exception[service] };
  }
  const entry = {
    ao: `{${AO_NS}}GatewayFault`,
    lrs: `{${LRS_EXCEPTIONS_NS}}MIAPAPIException`,
    external: `{${EXTERNAL_FAULTS_NS}}DomainFault`,
    r9: `{${EXTERNAL_FAULTS_NS}}DomainFault`,
  };
  return { exception: 'SoapException', faultcode: side, faultcodeNamespace: SOAP11, detailEntry: entry[service] };
}

/**
 * What learnerByDemographics records for the school after a search that found nobody: the search the
 * client's registerSingleLearner needs (RegistrationClient of test/interop/java and test/interop/dotnet).
 */
async function searchedBeforeRegistering(running: RunningGateway, givenName: string): Promise<void> {
  const [school] = await running.gateway.dataSource.query("SELECT id FROM organisations WHERE ukprn = '10099903'");
  await running.gateway.registration.searches.record({
    organisationId: Number(school.id),
    findType: 'FUL',
    responseCode: 'WSRC0001',
    details: { givenName, familyName: 'Registered', dateOfBirth: '2008-04-01', gender: 2, lastKnownPostCode: 'CV4 9EE' },
  });
}

/** Every line a client must print, in order: the same calls and the same answers for both clients. */
function expectations(kind: ClientKind): Expected[] {
  const { learner, misPrefix, fileTag } = CLIENTS[kind];
  const { uln, givenName, familyName } = learner;
  const ao = (operation: string, path: string, code: ErrorCode): Expected => ({
    service: 'ao',
    operation,
    path,
    fault: {
      ...faultOf(kind, 'ao', operation, ERROR_CODES[code].side),
      faultstring: expect.stringMatching(new RegExp(`^${code}: .+`)),
      code,
      hasCorrelationId: true,
    },
  });
  const ok = (service: Service, operation: string, path: string, result: Record<string, unknown>): Expected => ({
    service,
    operation,
    path,
    result,
  });
  const achievement = (grade: string, status: string, events: string[], aimReference = '60356789') => ({
    aimReference,
    awardDate: AWARD_DATE,
    grade,
    status,
    underDataChallenge: false,
    events,
  });
  const challenge = (status: string, comments: string[]) => ({
    id: expect.any(Number),
    status,
    type: 'INFORMATION_WRONG',
    problemType: 'GRADE_WRONG',
    raisedBy: 'lena.lowe',
    assignedTo: '10099901',
    comments,
  });
  const job = (
    status: string,
    counts: { rowCount: number | null; rowsSucceeded: number } = { rowCount: 2, rowsSucceeded: 0 },
  ) => ({
    jobId: expect.any(Number),
    type: 'VERIFY_LEARNER',
    format: 'CSV',
    status,
    ...counts,
    rowsFailed: 0,
  });
  const verifiedRow = (mis: string, l: Omit<Learner, 'dateOfBirth' | 'gender'> & Partial<Learner>, held: Learner) =>
    `${mis},${l.uln},${l.familyName},${l.givenName},${l.dateOfBirth ?? ''},${l.gender ?? ''},WSVRC001,` +
    `${held.uln},${held.familyName},${held.givenName},${held.dateOfBirth},${held.gender},,,`;
  const sample: Learner = {
    uln: '1026893096',
    givenName: 'Sample',
    familyName: 'Testname',
    dateOfBirth: '1976-08-16',
    gender: 2,
  };
  const lrs = (operation: string, code: string, description: string): Expected => ({
    service: 'lrs',
    operation,
    path: 'fault',
    fault: {
      ...faultOf(kind, 'lrs', operation, 'Server'),
      faultstring: 'uk.gov.miap.lrs.api.exceptions.MIAPAPIException',
      code,
      description: expect.stringMatching(new RegExp(`^${description}, `)),
    },
  });
  const external = (operation: string, code: string, gatewayCode: ErrorCode): Expected => ({
    service: 'external',
    operation,
    path: 'fault',
    fault: {
      ...faultOf(kind, 'external', operation, ERROR_CODES[gatewayCode].side),
      faultstring: ERROR_CODES[gatewayCode].message,
      code,
      detail: `${gatewayCode}: ${ERROR_CODES[gatewayCode].message}`,
    },
  });
  /** LearnerServiceR9.svc's DomainFault; .NET reads its explanation too (base64 ErrorDetail). */
  const r9 = (operation: string, code: string, gatewayCode: ErrorCode, message = ERROR_CODES[gatewayCode].message): Expected => ({
    service: 'r9',
    operation,
    path: 'fault',
    fault: {
      ...faultOf(kind, 'r9', operation, ERROR_CODES[gatewayCode].side),
      code,
      ...(kind === '.net' ? { faultstring: message, detail: `${gatewayCode}: ${message}` } : {}),
    },
  });
  const verified = { responseCode: 'WSVRC001', uln, failureFlags: [] };

  return [
    ok('ao', 'VerifyLearner', 'happy', verified),
    ok('ao', 'VerifyLearner', 'happy:PasswordDigest', verified),
    ok('ao', 'VerifyLearner', 'happy:HTTP Basic', verified),
    ao('VerifyLearner', 'fault', 'ULN_INVALID'),
    ao('VerifyLearner', 'fault:wrong password', 'AUTH_FAILED'),
    ...(kind === 'jax-ws'
      ? [
          {
            service: 'ao' as const,
            operation: 'VerifyLearner',
            path: 'fault:SOAP 1.2',
            fault: {
              exception: 'SOAPFaultException',
              faultcode: 'VersionMismatch',
              faultcodeNamespace: SOAP12,
              faultstring: expect.stringMatching(/^SOAP_VERSION_MISMATCH: This endpoint speaks SOAP 1\.1 only/),
            },
          },
        ]
      : []),
    ok('ao', 'FindLearner', 'happy', { responseCode: 'WSRC0022', learners: [['6936002314', true, ['4444599390']]] }),
    ao('FindLearner', 'fault', 'LEARNER_MANAGEMENT_NOT_GRANTED'),
    ok('ao', 'GetLearnerRecord', 'happy', { responseCode: 'WSRC0004', foundUln: uln, events: 0 }),
    ao('GetLearnerRecord', 'fault', 'LEARNER_NOT_SHARING'),
    ok('ao', 'CreateAchievement', 'happy', achievement('C', 'ACTIVE', ['CREATE'])),
    ok('ao', 'CreateAchievement', 'happy:unit', achievement('Pass', 'ACTIVE', ['CREATE'], 'A6017001')),
    ao('CreateAchievement', 'fault', 'ACHIEVEMENT_EXISTS'),
    ok('ao', 'FindAchievement', 'happy', achievement('C', 'ACTIVE', ['CREATE'])),
    ao('FindAchievement', 'fault', 'ACHIEVEMENT_NOT_FOUND'),
    ok('ao', 'UpdateAchievement', 'happy', achievement('B', 'ACTIVE', ['CREATE', 'UPDATE'])),
    ao('UpdateAchievement', 'fault', 'GRADE_INVALID'),
    ok('ao', 'PerformCreditCheck', 'happy', { uln, qualification: '60170700', units: ['A6017001'], totalCredits: 3 }),
    ao('PerformCreditCheck', 'fault', 'QUALIFICATION_UNKNOWN'),
    ok('ao', 'WithdrawAchievement', 'happy', achievement('B', 'WITHDRAWN', ['CREATE', 'UPDATE', 'WITHDRAW'])),
    ao('WithdrawAchievement', 'fault', 'ACHIEVEMENT_ALREADY_WITHDRAWN'),
    ok('ao', 'ReinstateAchievement', 'happy', achievement('B', 'ACTIVE', ['CREATE', 'UPDATE', 'WITHDRAW', 'REINSTATE'])),
    ao('ReinstateAchievement', 'fault', 'ACHIEVEMENT_NOT_WITHDRAWN'),
    ok('ao', 'RaiseDataChallenge', 'happy', challenge('NEW', [])),
    ao('RaiseDataChallenge', 'fault', 'ROLE_REQUIRED'),
    ok('ao', 'ListDataChallenges', 'happy', { listsTheChallenge: true, page: 1, pageSize: 50, totalCountCoversPage: true }),
    ao('ListDataChallenges', 'fault', 'MESSAGE_INVALID'),
    ok('ao', 'GetDataChallenge', 'happy', challenge('NEW', [])),
    ao('GetDataChallenge', 'fault', 'DATA_CHALLENGE_NOT_FOUND'),
    ok('ao', 'SetDataChallengesInProgress', 'happy', { statuses: ['IN_PROGRESS'] }),
    ao('SetDataChallengesInProgress', 'fault', 'ROLE_REQUIRED'),
    ao('UpdateDataChallenge', 'fault', 'DATA_CHALLENGE_COMMENT_REQUIRED'),
    ok('ao', 'UpdateDataChallenge', 'happy', challenge('RESOLVED_REJECTED', ['', 'The certificate was checked: grade B'])),
    ok('ao', 'SubmitBatchJob', 'happy', job('WAITING')),
    ao('SubmitBatchJob', 'fault', 'BATCH_FILE_INVALID'),
    ok('ao', 'CancelBatchJob', 'happy', job('CANCELLED')),
    ok('ao', 'GetBatchJob', 'happy:waiting', job('WAITING')),
    ao('GetBatchJob', 'fault', 'BATCH_JOB_NOT_FOUND'),
    ao('GetBatchJobOutput', 'fault', 'BATCH_NOT_FINISHED'),
    ok('ao', 'GetBatchJob', 'happy', job('SUCCESSFUL', { rowCount: 2, rowsSucceeded: 2 })),
    ok('ao', 'GetBatchJobOutput', 'happy', {
      format: 'CSV',
      fileName: `results-verify-${fileTag}.csv`,
      lines: [
        'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender,ResponseCode,HeldULN,HeldFamilyName,HeldGivenName,HeldDateOfBirth,HeldGender,FailureFlags,ErrorCode,ErrorMessage',
        verifiedRow(`${misPrefix}-1`, { uln, givenName, familyName }, learner),
        verifiedRow(`${misPrefix}-2`, sample, sample),
      ],
    }),
    ok('ao', 'ListBatchJobs', 'happy', { listsTheJob: true, page: 1, pageSize: 10, totalCountCoversPage: true }),
    ao('ListBatchJobs', 'fault', 'ROLE_REQUIRED'),
    ao('CancelBatchJob', 'fault', 'BATCH_ALREADY_FINISHED'),

    ok('lrs', 'learnerByULN', 'happy', { responseCode: 'WSRC0022', learners: [['6936002314', 'Y', ['4444599390']]] }),
    lrs('learnerByULN', 'WSEC0136', 'Invalid ULN'),
    ok('lrs', 'learnerByDemographics', 'happy', {
      responseCode: 'WSRC0003',
      learners: [
        ['1964986809', 'null', []],
        ['8383558804', 'null', []],
      ],
    }),
    lrs('learnerByDemographics', 'WSEC0006', 'Not authorised'),
    ok('lrs', 'retrieveULNs', 'happy', {
      verified: [
        ['4444599390', '6936002314', 'WSRC0022'],
        ['1026893096', '1026893096', 'WSRC0004'],
      ],
    }),
    lrs('retrieveULNs', 'WSEC0001', 'Invalid request'),
    ok('lrs', 'verifyLearner', 'happy', verified),
    lrs('verifyLearner', 'WSEC0001', 'Invalid request'),
    ok('lrs', 'submitVerifyBatch', 'happy', { responseCode: 'WSRC0007', jobId: expect.any(Number) }),
    lrs('submitVerifyBatch', 'WSEC0005', 'Invalid password'),
    ok('lrs', 'getVerifyBatchOutput', 'happy:not finished', { responseCode: 'WSRC0008', jobStatus: 'Waiting', learners: [] }),
    ok('lrs', 'getVerifyBatchOutput', 'happy', {
      responseCode: 'WSRC0009',
      jobStatus: 'Successful',
      learners: [
        ['J1', 'WSVRC001', []],
        ['J2', 'WSVRC001', []],
      ],
    }),
    lrs('getVerifyBatchOutput', 'WSEC0003', 'Unknown organisation'),

    ok('lrs', 'registerSingleLearner', 'happy', { responseCode: 'WSRC0005', uln: expect.stringMatching(/^9[0-9]{9}$/) }),
    lrs('registerSingleLearner', 'WSEC0001', 'Invalid request'),
    ok('lrs', 'updateSingleLearner', 'happy', { responseCode: 'WSRC0006' }),
    lrs('updateSingleLearner', 'WSEC0136', 'Invalid ULN'),
    ok('lrs', 'submitBatchRegistration', 'happy', { responseCode: 'WSRC0007', jobId: expect.any(Number) }),
    lrs('submitBatchRegistration', 'WSEC0005', 'Invalid password'),
    ok('lrs', 'getBatchRegistrationOutput', 'happy:not finished', {
      responseCode: 'WSRC0008',
      jobStatus: 'Waiting',
      existsUpdated: 0,
      learners: [],
    }),
    ok('lrs', 'getBatchRegistrationOutput', 'happy', {
      responseCode: 'WSRC0009',
      jobStatus: 'Successful',
      existsUpdated: 1,
      learners: [['R1', 'RC003']],
    }),
    lrs('getBatchRegistrationOutput', 'WSEC0003', 'Unknown organisation'),

    ok('external', 'SubmitAchievementBatchJob', 'happy', { hasJob: true, jobId: expect.any(Number) }),
    external('SubmitAchievementBatchJob', 'WSEC0047', 'BATCH_NO_RECORDS'),
    ok('external', 'GetAchievementBatchJob', 'happy', {
      status: 'Successful',
      created: 1,
      businessRuleErrors: 1,
      records: 2,
      errorFileMentionsGrade: true,
    }),
    external('GetAchievementBatchJob', 'WSEC0005', 'AUTH_FAILED'),

    // The three achievements the AO gateway's calls left on the learner (a unit and a qualification).
    ok('r9', 'GetLearnerLearningEvents', 'happy', { responseCode: 'WSRC0004', foundUln: uln, events: 3 }),
    r9('GetLearnerLearningEvents', 'WSEC0006', 'LEARNER_MANAGEMENT_NOT_GRANTED'),
    ok('r9', 'LearnerByUln', 'happy', { responseCode: 'WSRC0004', uln, versionNumber: 1 }),
    r9('LearnerByUln', 'WSEC0136', 'ULN_INVALID', 'The ULN check digit is wrong'),
    ok('r9', 'UpdateLearnerSubsetFields', 'happy', { result: 'WSRC0006' }),
    r9('UpdateLearnerSubsetFields', 'WSEC0006', 'LEARNER_MANAGEMENT_NOT_GRANTED'),
    ok('r9', 'ViewAudit', 'happy', { pageIndex: 1, listsEntries: true }),
    r9('ViewAudit', 'WSEC0006', 'LEARNER_MANAGEMENT_NOT_GRANTED'),
    ok('r9', 'GetOrganisation', 'happy', {
      responseCode: 'WSRC0004',
      ukprn: '10099901',
      displayName: 'Compat Awarding Body One',
    }),
    r9(
      'GetOrganisation',
      'WSEC0006',
      'ROLE_REQUIRED',
      `GetOrganisation needs one of the roles ${ORGANISATION_LOOKUP_ROLES.join(', ')}`,
    ),
  ];
}

const SERVICE_OF_PATH: Record<(typeof SURFACE_PATHS)[number], Service> = {
  '/soap/ao': 'ao',
  '/LearnerService.svc': 'lrs',
  '/ExternalService.svc': 'external',
  '/LearnerServiceR9.svc': 'r9',
};

/** What arrived on the wire from a client: enough to check the HTTP habits vendors' stacks have. */
interface WireRequest {
  client: ClientKind;
  path: string;
  expect: string | undefined;
  authorization: boolean;
  status: number;
}

const KINDS: ClientKind[] = ['jax-ws', '.net'];
for (const kind of KINDS.filter(intentionallyAbsent)) {
  console.warn(
    `SKIPPED: the ${kind} generated-client interop tests, because INTEROP_TOOLS_ABSENT says its tools are intentionally ` +
      'absent here. CI never sets it; unset it to run them.',
  );
}

/** One build per client kind for the whole file: the served contract is the same on every database. */
const builds = new Map<ClientKind, Promise<GeneratedClient>>();

describe.each(eachDatabase())('clients generated from the served WSDLs by wsimport and Mono wsdl, on %s', (_name, database) => {
  let running: RunningGateway;
  let clientOnTheWire: ClientKind | undefined;
  const wire: WireRequest[] = [];
  // The worker runs when a client asks for it, never concurrently with itself.
  let worker: Promise<unknown> = Promise.resolve();
  const runWorker = () => (worker = worker.then(() => running.gateway.batches.worker.drain()));

  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    running.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const client = clientOnTheWire;
      if (req.method !== 'POST' || !client) return;
      res.on('finish', () =>
        wire.push({
          client,
          path: req.url ?? '',
          expect: req.headers.expect,
          authorization: req.headers.authorization !== undefined,
          status: res.statusCode,
        }),
      );
    });
    for (const kind of KINDS.filter((k) => !intentionallyAbsent(k))) {
      if (!builds.has(kind)) {
        const build = buildClient(kind, running.baseUrl);
        build.catch(() => undefined); // reported by the describe that awaits it
        builds.set(kind, build);
      }
    }
  });
  afterAll(() => running.stop());

  describe.each(KINDS.map((kind) => [kind] as const))('%s', (kind) => {
    const run = intentionallyAbsent(kind) ? describe.skip : describe;
    run('every operation with a happy path and a fault path', () => {
      let client: GeneratedClient;
      let lines: ClientLine[] = [];
      let runMs = 0;

      beforeAll(async () => {
        client = await (builds.get(kind) as Promise<GeneratedClient>);
        const started = Date.now();
        clientOnTheWire = kind;
        try {
          const { uln, givenName, familyName } = CLIENTS[kind].learner;
          await searchedBeforeRegistering(running, givenName);
          const args = [running.baseUrl, uln, givenName, familyName, AWARD_DATE, OTHER_DATE, ACTION_DATE];
          lines = await runClient(client, args, runWorker, RUN_TIMEOUT_MS);
        } finally {
          clientOnTheWire = undefined;
        }
        runMs = Date.now() - started;
        if (process.env.INTEROP_REPORT) {
          console.info(
            `${kind} on ${database.name}: ${client.cached ? 'cached build' : 'generated and compiled'} in ${client.buildMs} ms, ` +
              `${lines.length} calls in ${runMs} ms`,
          );
        }
      }, BUILD_TIMEOUT_MS + RUN_TIMEOUT_MS);

      test('every operation the served WSDLs declare is called, with a happy path and a fault path', async () => {
        const declared: string[] = [];
        for (const surface of SURFACE_PATHS) {
          const { wsdl } = await fetchServedContract(running.baseUrl, surface);
          for (const portType of childrenNamed(wsdl.tree, WSDL_NS, 'portType')) {
            for (const operation of childrenNamed(portType, WSDL_NS, 'operation')) {
              declared.push(`${SERVICE_OF_PATH[surface]} ${operation.attrs.name}`);
            }
          }
        }
        const called = (path: string) =>
          [...new Set(lines.filter((l) => l.path.split(':')[0] === path).map((l) => `${l.service} ${l.operation}`))].sort();
        expect(declared.length).toBeGreaterThanOrEqual(26);
        expect({ happy: called('happy'), fault: called('fault') }).toEqual({ happy: declared.sort(), fault: declared.sort() });
      });

      test.each(expectations(kind).map((e, i) => [`${e.service} ${e.operation} (${e.path})`, i, e] as const))(
        '%s',
        (_title, index, expected) => {
          const line = lines[index];
          expect(line).toEqual({ client: kind, ...expected });
        },
      );

      test('prints nothing but the expected lines', () => {
        expect(lines.map((l) => `${l.service} ${l.operation} (${l.path})`)).toEqual(
          expectations(kind).map((e) => `${e.service} ${e.operation} (${e.path})`),
        );
      });

      if (kind === '.net') {
        test('sends Expect: 100-continue on every call, and HTTP Basic in answer to the 401 challenge', () => {
          const posts = wire.filter((w) => w.client === '.net');
          expect(posts.length).toBeGreaterThanOrEqual(lines.length);
          expect(posts.filter((w) => w.expect !== '100-continue')).toEqual([]);
          const challenged = posts.findIndex((w) => w.status === 401 && !w.authorization);
          expect(challenged).toBeGreaterThanOrEqual(0);
          expect(posts[challenged + 1]).toMatchObject({ path: '/soap/ao', authorization: true, status: 200 });
        });
      }
    });
  });
});
