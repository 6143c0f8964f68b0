import path from 'node:path';
import { FIND_SCENARIOS, type FindScenario } from '../../src/compatibility/find-scenarios';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { requirePhpSoap, requireZeep, runJsonLines, SYSTEM_PYTHON } from '../support/subprocess-clients';

/**
 * learnerByULN, learnerByDemographics and retrieveULNs called by real SOAP clients built from the
 * served WSDL: Python zeep and PHP SoapClient as subprocesses (test/interop/find_learner_*).
 */

const INTEROP_DIR = path.join(__dirname, '..', 'interop');
const CLIENT_TIMEOUT_MS = 120_000;

interface InteropCase {
  id: string;
  operation: 'learnerByULN' | 'learnerByDemographics' | 'retrieveULNs';
  findType?: 'FUL' | 'CHK';
  search?: Record<string, string>;
  ulns?: string[];
  credentials?: { ukprn: string; orgPassword: string; userName: string };
}

/** [ULN, MasterSubstituted, LinkedULNs, how many fields the client filled in]. */
type LearnerLine = [string, string | null, string[], number];

interface ClientLine {
  client: string;
  id: string;
  responseCode?: string;
  learners?: LearnerLine[];
  verified?: [string, string | null, string | null, string | null][];
  fault?: { faultcode: string; faultstring: string; code: string | null };
  error?: string;
}

function searchOf(s: FindScenario): Record<string, string> {
  const fields: Record<string, string | number | undefined> = {
    ULN: s.uln,
    FamilyName: s.familyName,
    GivenName: s.givenName,
    DateOfBirth: s.dateOfBirth,
    Gender: s.gender,
    LastKnownPostCode: s.lastKnownPostCode,
  };
  return Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

/** FUL fills in more of a Learner than the 13 elements of CHK (a matcher jest takes as it is). */
const MORE_THAN_CHK = { asymmetricMatch: (n: unknown) => typeof n === 'number' && n > 13, toString: () => 'more than 13' };

const LINKED_SEARCH = FIND_SCENARIOS.find((s) => s.operation === 'learnerByDemographics' && s.responseCode === 'WSRC0022');

/** Every find scenario, a CHK find, retrieveULNs, and a refusal: what each client must print for each. */
const EXPECTATIONS: { interopCase: InteropCase; expected: Record<string, unknown> }[] = [
  ...FIND_SCENARIOS.map((s) => ({
    interopCase: { id: `${s.operation}: ${s.what}`, operation: s.operation, search: searchOf(s) },
    expected: {
      responseCode: s.responseCode,
      learners: s.learners.map((uln) => [uln, s.responseCode === 'WSRC0022' ? 'Y' : null, expect.any(Array), expect.any(Number)]),
    },
  })),
  {
    interopCase: {
      id: 'CHK: linked, master substituted',
      operation: 'learnerByDemographics',
      findType: 'CHK',
      search: searchOf(LINKED_SEARCH as FindScenario),
    },
    // CHK: the eleven fields a Learner must have, MasterSubstituted and LinkedULNs.
    expected: { responseCode: 'WSRC0022', learners: [['6936002314', 'Y', ['4444599390'], 13]] },
  },
  {
    interopCase: {
      id: 'FUL: linked, master substituted',
      operation: 'learnerByDemographics',
      search: searchOf(LINKED_SEARCH as FindScenario),
    },
    expected: { responseCode: 'WSRC0022', learners: [['6936002314', 'Y', ['4444599390'], MORE_THAN_CHK]] },
  },
  {
    interopCase: {
      id: 'retrieveULNs',
      operation: 'retrieveULNs',
      ulns: ['4444599390', '1026893096', '2000000648', '1026893097'],
    },
    expected: {
      verified: [
        ['4444599390', '6936002314', 'WSRC0022', 'Test'],
        ['1026893096', '1026893096', 'WSRC0004', 'Testname'],
        ['2000000648', null, 'WSRC0001', null],
        ['1026893097', null, 'WSEC0136', null],
      ],
    },
  },
  {
    interopCase: {
      id: 'an organisation without learner management',
      operation: 'learnerByULN',
      search: { ULN: '1026893096', FamilyName: 'Testname', GivenName: 'Sample' },
      credentials: { ukprn: '10099902', orgPassword: 'AO2WebService#02', userName: 'nadia.novak' },
    },
    expected: {
      fault: {
        faultcode: expect.stringMatching(/(^|:)Server$/),
        faultstring: 'uk.gov.miap.lrs.api.exceptions.MIAPAPIException',
        code: 'WSEC0006',
      },
    },
  },
];

describe.each(eachDatabase())('real SOAP clients finding learners on LearnerService.svc on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  const clients = [
    ['Python zeep', requireZeep, SYSTEM_PYTHON, 'find_learner_zeep.py'],
    ['PHP SoapClient', requirePhpSoap, 'php', 'find_learner_soapclient.php'],
  ] as const;

  describe.each(clients)('%s (subprocess)', (_client, requireClient, command, script) => {
    let lines: Map<string, ClientLine>;
    beforeAll(async () => {
      await requireClient();
      const cases = JSON.stringify(EXPECTATIONS.map((e) => e.interopCase));
      const printed = await runJsonLines<ClientLine>(command, [path.join(INTEROP_DIR, script), running.baseUrl, cases]);
      lines = new Map(printed.map((l) => [l.id, l]));
    }, CLIENT_TIMEOUT_MS);

    test.each(EXPECTATIONS.map((e) => [e.interopCase.id, e] as const))('%s', (id, { expected }) => {
      expect(lines.get(id)).toEqual({ client: expect.any(String), id, ...expected });
    });
  });
});
