import path from 'node:path';
import * as soap from 'soap';
import { VERIFICATION_SCENARIOS, type VerificationScenario } from '../../src/compatibility/known-learners';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { COMPAT_PASSWORD } from '../support/soap-messages';
import { requirePhpSoap, requireZeep, runJsonLines, SYSTEM_PYTHON } from '../support/subprocess-clients';

/**
 * VerifyLearner called by real SOAP clients built from the WSDLs the gateway serves: node-soap
 * in process, Python zeep and PHP SoapClient as subprocesses (test/interop/). Each client calls
 * both the AO gateway (/soap/ao) and the LRS-compatible Learner Register (/LearnerService.svc).
 * The subprocess clients must be installed (CI installs python3-zeep, php-cli and php-soap):
 * when one is missing its tests fail with the apt package to install, they never skip.
 */

const INTEROP_DIR = path.join(__dirname, '..', 'interop');
const SUBPROCESS_TIMEOUT_MS = 60_000;
const MASTER_OF_LINKED_ULN = '6936002314';
const USERNAME = 'victor.vance';
const UKPRN = '10099901';
const ORG_PASSWORD = 'AO1WebService#01';

type Service = 'ao' | 'lrs';
type Auth = 'text' | 'digest' | 'basic';

/** A case as the interop scripts read it (see test/interop/verify_learner_zeep.py). */
interface InteropCase {
  id: string;
  learner: { uln: string; givenName: string; familyName: string; dateOfBirth?: string; gender?: number };
  auth?: Auth;
  password?: string;
  orgPassword?: string;
  singleWsdl?: boolean;
}

/** One line a client prints (or node-soap's result in the same shape). */
interface ClientLine {
  client: string;
  service: Service;
  id: string;
  responseCode?: string;
  failureFlags?: string[];
  uln?: string | null;
  fault?: { faultcode: string; faultstring: string; code: string | null };
  error?: string;
}

interface Expectation {
  interopCase: InteropCase;
  expected: Record<Service, Partial<ClientLine>>;
}

function scenario(what: string): VerificationScenario {
  const found = VERIFICATION_SCENARIOS.find((s) => s.what === what);
  if (!found) throw new Error(`VERIFICATION_SCENARIOS has no "${what}"`);
  return found;
}

function learnerOf(s: VerificationScenario): InteropCase['learner'] {
  return { uln: s.uln, givenName: s.givenName, familyName: s.familyName, dateOfBirth: s.dateOfBirth, gender: s.gender };
}

function verified(s: VerificationScenario): Partial<ClientLine> {
  const linked = s.responseCode === 'WSVRC002' || s.responseCode === 'WSVRC004';
  return {
    responseCode: s.responseCode,
    failureFlags: s.failureFlags,
    ...(linked ? { uln: MASTER_OF_LINKED_ULN } : {}),
  };
}

function fromScenario(s: VerificationScenario, extra: Partial<InteropCase> = {}, id = s.what): Expectation {
  return { interopCase: { id, learner: learnerOf(s), ...extra }, expected: { ao: verified(s), lrs: verified(s) } };
}

/**
 * Every compatibility scenario (exact, possible by synonym and by previous family name, linked
 * 002 and 004, no match 005, not found 006, ...) with PasswordText, then the other ways in, then
 * the wrong password last. The wrong-password case counts two failed attempts for the user;
 * the lockout threshold is three consecutive ones, and every client starts with successful calls.
 */
const EXPECTATIONS: Expectation[] = [
  ...VERIFICATION_SCENARIOS.map((s) => fromScenario(s)),
  fromScenario(scenario('exact match'), { auth: 'digest' }, 'exact match, WS-Security PasswordDigest'),
  fromScenario(scenario('synonym (Jim for James)'), { auth: 'basic' }, 'synonym, HTTP Basic on the AO gateway'),
  fromScenario(
    scenario('exact via a linked ULN: master returned'),
    { singleWsdl: true },
    'linked ULN, LearnerService client from ?singlewsdl',
  ),
  {
    interopCase: {
      id: 'wrong password',
      learner: learnerOf(scenario('exact match')),
      password: 'Not-The-Password-1',
      orgPassword: 'AO1WebService#99',
    },
    expected: {
      ao: { fault: { faultcode: expect.stringMatching(/(^|:)Client$/), faultstring: expect.any(String), code: 'AUTH_FAILED' } },
      lrs: {
        fault: {
          faultcode: expect.stringMatching(/(^|:)Server$/),
          faultstring: 'uk.gov.miap.lrs.api.exceptions.MIAPAPIException',
          code: 'WSEC0005',
        },
      },
    },
  },
];

const REQUIRED_SCENARIOS = [
  'exact match',
  'synonym (Jim for James)',
  'previous family name',
  'exact via a linked ULN: master returned',
  'possible via a linked ULN',
  'names match nothing',
  'ULN not on the register',
];

const ROWS = EXPECTATIONS.flatMap((e) =>
  (['ao', 'lrs'] as const).map(
    (service) => [`${service === 'ao' ? 'AO gateway' : 'LearnerService'}: ${e.interopCase.id}`, service, e] as const,
  ),
);

describe.each(eachDatabase())('real SOAP clients calling VerifyLearner on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('the cases cover the exact, possible, linked, no-match and not-found learners', () => {
    const ids = EXPECTATIONS.map((e) => e.interopCase.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_SCENARIOS));
    const codes = new Set(EXPECTATIONS.map((e) => e.expected.ao.responseCode));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(['WSVRC001', 'WSVRC002', 'WSVRC003', 'WSVRC004', 'WSVRC005', 'WSVRC006']),
    );
  });

  // Generated clients post to the WSDL's soap:address, so it must be where the WSDL came from.
  test.each(['/soap/ao?wsdl', '/LearnerService.svc?wsdl', '/LearnerService.svc?singlewsdl'])(
    'the WSDL at %s names the endpoint it was fetched from as its soap:address',
    async (documentPath) => {
      const wsdl = await (await fetch(`${running.baseUrl}${documentPath}`)).text();
      const addresses = [...wsdl.matchAll(/<soap:address\s+location="([^"]*)"/g)].map((m) => m[1]);
      expect(addresses).toEqual([`${running.baseUrl}${documentPath.replace(/\?.*$/, '')}`]);
    },
  );

  describe('node-soap', () => {
    let ao: soap.Client;
    let lrs: soap.Client;
    let singleWsdlLrs: soap.Client;
    beforeAll(async () => {
      ao = await soap.createClientAsync(`${running.baseUrl}/soap/ao?wsdl`);
      lrs = await soap.createClientAsync(`${running.baseUrl}/LearnerService.svc?wsdl`);
      singleWsdlLrs = await soap.createClientAsync(`${running.baseUrl}/LearnerService.svc?singlewsdl`);
    });

    test.each(ROWS)('%s', async (_title, service, { interopCase, expected }) => {
      const line =
        service === 'ao'
          ? await nodeSoapAo(ao, interopCase)
          : await nodeSoapLrs(interopCase.singleWsdl ? singleWsdlLrs : lrs, interopCase);
      expect(line).toMatchObject(expected[service]);
    });
  });

  describe('Python zeep (subprocess)', () => {
    let lines: Map<string, ClientLine>;
    beforeAll(async () => {
      await requireZeep();
      lines = await runClient(SYSTEM_PYTHON, [path.join(INTEROP_DIR, 'verify_learner_zeep.py')], running.baseUrl);
    }, SUBPROCESS_TIMEOUT_MS * 2);

    test.each(ROWS)('%s', (_title, service, { interopCase, expected }) => {
      expect(lines.get(`${service} ${interopCase.id}`)).toMatchObject(expected[service]);
    });
  });

  describe('PHP SoapClient (subprocess)', () => {
    let lines: Map<string, ClientLine>;
    beforeAll(async () => {
      await requirePhpSoap();
      lines = await runClient('php', [path.join(INTEROP_DIR, 'verify_learner_soapclient.php')], running.baseUrl);
    }, SUBPROCESS_TIMEOUT_MS * 2);

    test.each(ROWS)('%s', (_title, service, { interopCase, expected }) => {
      expect(lines.get(`${service} ${interopCase.id}`)).toMatchObject(expected[service]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// node-soap, in process

async function nodeSoapAo(client: soap.Client, c: InteropCase): Promise<ClientLine> {
  const password = c.password ?? COMPAT_PASSWORD;
  if (c.auth === 'basic') client.setSecurity(new soap.BasicAuthSecurity(USERNAME, password));
  else {
    const passwordType = c.auth === 'digest' ? 'PasswordDigest' : 'PasswordText';
    client.setSecurity(new soap.WSSecurity(USERNAME, password, { passwordType, mustUnderstand: true }));
  }
  const args = { ULN: c.learner.uln, GivenName: c.learner.givenName, FamilyName: c.learner.familyName, ...optionals(c) };
  return nodeSoapCall('ao', c.id, async () => {
    const [result] = (await client.VerifyLearnerAsync(args)) as [AoResult];
    return { responseCode: result.ResponseCode, failureFlags: asList(result.FailureFlag), uln: result.Learner?.ULN ?? null };
  });
}

async function nodeSoapLrs(client: soap.Client, c: InteropCase): Promise<ClientLine> {
  const args = {
    UKPRN,
    OrgPassword: c.orgPassword ?? ORG_PASSWORD,
    UserName: USERNAME,
    LearnerToVerify: { ULN: c.learner.uln, FamilyName: c.learner.familyName, GivenName: c.learner.givenName, ...optionals(c) },
  };
  return nodeSoapCall('lrs', c.id, async () => {
    const [result] = (await client.verifyLearnerAsync(args)) as [{ VerifiedLearner: LrsVerified }];
    const v = result.VerifiedLearner;
    return { responseCode: v.ResponseCode, failureFlags: asList(v.FailureFlag), uln: v.ULN ?? null };
  });
}

interface AoResult {
  ResponseCode: string;
  Learner?: { ULN: string };
  FailureFlag?: string | string[];
}
interface LrsVerified {
  ResponseCode: string;
  ULN?: string;
  FailureFlag?: string | string[];
}

function optionals(c: InteropCase): Record<string, string> {
  return {
    ...(c.learner.dateOfBirth ? { DateOfBirth: c.learner.dateOfBirth } : {}),
    ...(c.learner.gender !== undefined ? { Gender: String(c.learner.gender) } : {}),
  };
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : ([] as string[]).concat(value);
}

/** The result, the fault as node-soap surfaces it (err.root), or the error, as a ClientLine. */
async function nodeSoapCall(service: Service, id: string, call: () => Promise<Partial<ClientLine>>): Promise<ClientLine> {
  const line: ClientLine = { client: 'node-soap', service, id };
  try {
    return { ...line, ...(await call()) };
  } catch (error) {
    const fault = (error as { root?: { Envelope?: { Body?: { Fault?: NodeSoapFault } } } }).root?.Envelope?.Body?.Fault;
    if (!fault) return { ...line, error: String(error) };
    const detail = fault.detail ?? {};
    const code = service === 'ao' ? detail.GatewayFault?.Code : detail.MIAPAPIException?.ErrorCode;
    return { ...line, fault: { faultcode: fault.faultcode, faultstring: fault.faultstring, code: code ?? null } };
  }
}

interface NodeSoapFault {
  faultcode: string;
  faultstring: string;
  detail?: { GatewayFault?: { Code?: string }; MIAPAPIException?: { ErrorCode?: string } };
}

// ---------------------------------------------------------------------------------------------
// Subprocess clients

async function runClient(command: string, args: string[], baseUrl: string): Promise<Map<string, ClientLine>> {
  const cases = JSON.stringify(EXPECTATIONS.map((e) => e.interopCase));
  const lines = await runJsonLines<ClientLine>(command, [...args, baseUrl, cases]);
  return new Map(lines.map((l) => [`${l.service} ${l.id}`, l]));
}
