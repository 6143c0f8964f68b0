import fs from 'node:fs';
import path from 'node:path';
import { type LibXml, loadLibXml } from '../../src/platform/xml/libxml';
import { differences, requireXmllint, toTree, type VaryingLeaf, xmllintValidate } from '../support/golden-xml';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';

/**
 * Golden files for the wire shape of the LRS-compatible operations
 * (test/fixtures/golden/lrs/<operation>/<case>/request.xml and response.xml): each request
 * is posted as it is, and the reply is compared with response.xml as XML, not as text. Element
 * names are compared with their namespace URIs (prefixes may differ), in document order, with
 * their attributes and text; whitespace between elements and comments do not count. Values
 * that differ on every call are compared by pattern (VARYING). Every golden file is also
 * checked against the LRS envelope schema with xmllint.
 */

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const GOLDEN_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'golden', 'lrs');
const ENVELOPE_SCHEMA = path.join(PROJECT_ROOT, 'wsdl', 'envelope-learner-service.xsd');
/** The SOAPAction of each operation's folder (docs/contracts.md, "Wire conventions"). */
const SOAP_ACTIONS: Record<string, string> = {
  'verify-learner': '"http://tempuri.org/LearnerPortType/verifyLearner"',
  'find-learner': '""',
};
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const EXCEPTIONS_NS = 'http://api.lrs.miap.gov.uk/exceptions';

const folders = (directory: string) =>
  fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** `<operation>/<case>`, every case of every operation. */
const CASES = folders(GOLDEN_DIR).flatMap((operation) =>
  folders(path.join(GOLDEN_DIR, operation)).map((name) => `${operation}/${name}`),
);

/** Requests that break the schema on purpose: xmllint must reject them, the gateway must fault. */
const SCHEMA_INVALID_REQUESTS: Record<string, RegExp> = {
  'verify-learner/empty-given-name': /Element 'GivenName': \[facet 'pattern'\] The value '' is not accepted by the pattern/,
};

const golden = (name: string, file: 'request.xml' | 'response.xml') => path.join(GOLDEN_DIR, name, file);

test('the golden cases: verifyLearner exact, linked, not found and schema-invalid; the recorded finds by demographics', () => {
  expect(CASES).toEqual([
    'find-learner/exact',
    'find-learner/linked',
    'find-learner/no-match',
    'find-learner/possible-match-two-learners',
    'find-learner/too-many',
    'verify-learner/empty-given-name',
    'verify-learner/exact',
    'verify-learner/linked',
    'verify-learner/not-found',
  ]);
});

describe('the golden files against wsdl/envelope-learner-service.xsd (xmllint)', () => {
  beforeAll(requireXmllint);

  test.each(CASES.flatMap((name) => [[`${name}/request.xml`], [`${name}/response.xml`]]))('%s', async (relative) => {
    const name = path.dirname(relative);
    const file = path.basename(relative) as 'request.xml' | 'response.xml';
    const result = await xmllintValidate(ENVELOPE_SCHEMA, golden(name, file));
    if (file === 'request.xml' && SCHEMA_INVALID_REQUESTS[name]) {
      expect(result.valid).toBe(false);
      expect(result.output).toMatch(SCHEMA_INVALID_REQUESTS[name]);
    } else {
      expect(result).toEqual({ valid: true, output: expect.stringContaining('validates') });
    }
  });
});

describe.each(eachDatabase())('LearnerService.svc against the golden files on %s', (_name, database) => {
  let running: RunningGateway;
  let lib: LibXml;
  beforeAll(async () => {
    lib = await loadLibXml();
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test.each(CASES)('%s: the reply has the shape of response.xml', async (name) => {
    const response = await fetch(`${running.baseUrl}/LearnerService.svc`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: SOAP_ACTIONS[name.split('/')[0]] },
      body: fs.readFileSync(golden(name, 'request.xml')),
    });
    const body = await response.text();
    const expected = toTree(lib, fs.readFileSync(golden(name, 'response.xml'), 'utf8'));
    const actual = toTree(lib, body);

    const isFault = expected.children[0]?.children[0]?.name === `{${SOAP11_NS}}Fault`;
    expect(response.status).toBe(isFault ? 500 : 200); // SOAP 1.1 HTTP binding: faults with 500
    expect(response.headers.get('content-type')).toMatch(/^text\/xml\b/);
    const context = { correlationId: response.headers.get('x-correlation-id') ?? '' };
    expect(differences(expected, actual, context, VARYING)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Leaves that vary

/** Leaves whose value changes on every call, by parent and element name: how to compare them. */
const VARYING: Record<string, VaryingLeaf> = {
  [`{${EXCEPTIONS_NS}}MIAPAPIException/{}ErrorTimestamp`]: (expected, actual) => {
    const format = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/; // yyyy-MM-dd HH:mm:ss (docs/contracts.md: Wire conventions)
    if (!format.test(expected)) return `the golden ErrorTimestamp "${expected}" is not yyyy-MM-dd HH:mm:ss`;
    return format.test(actual) ? undefined : `ErrorTimestamp "${actual}" is not yyyy-MM-dd HH:mm:ss`;
  },
  [`{${EXCEPTIONS_NS}}MIAPAPIException/{}FurtherDetails`]: (expected, actual, context) => {
    const suffix = /^([\s\S]*) \[correlation id ([^\]]+)\]$/;
    const want = suffix.exec(expected);
    const got = suffix.exec(actual);
    if (!want) return expected === actual ? undefined : `FurtherDetails: expected "${expected}", got "${actual}"`;
    if (!got) return `FurtherDetails "${actual}" does not end with "[correlation id ...]"`;
    if (got[1] !== want[1]) return `FurtherDetails: expected "${want[1]} [correlation id *]", got "${actual}"`;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(got[2])) {
      return `FurtherDetails: the correlation id "${got[2]}" is not a UUID`;
    }
    return got[2] === context.correlationId
      ? undefined
      : `FurtherDetails: the correlation id "${got[2]}" is not the X-Correlation-Id header "${context.correlationId}"`;
  },
};
