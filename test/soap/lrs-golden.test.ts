import fs from 'node:fs';
import path from 'node:path';
import { type LibXml, loadLibXml } from '../../src/platform/xml/libxml';
import { differences, requireXmllint, toTree, type VaryingLeaf, xmllintValidate } from '../support/golden-xml';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';

/**
 * Golden files for the wire shape of the LRS-compatible verifyLearner
 * (test/fixtures/golden/lrs/verify-learner/<case>/request.xml and response.xml): each request
 * is posted as it is, and the reply is compared with response.xml as XML, not as text. Element
 * names are compared with their namespace URIs (prefixes may differ), in document order, with
 * their attributes and text; whitespace between elements and comments do not count. Values
 * that differ on every call are compared by pattern (VARYING). Every golden file is also
 * checked against the LRS envelope schema with xmllint.
 */

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const GOLDEN_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'golden', 'lrs', 'verify-learner');
const ENVELOPE_SCHEMA = path.join(PROJECT_ROOT, 'wsdl', 'envelope-learner-service.xsd');
const SOAP_ACTION = '"http://tempuri.org/LearnerPortType/verifyLearner"';
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const EXCEPTIONS_NS = 'http://api.lrs.miap.gov.uk/exceptions';

const CASES = fs
  .readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Requests that break the schema on purpose: xmllint must reject them, the gateway must fault. */
const SCHEMA_INVALID_REQUESTS: Record<string, RegExp> = {
  'empty-given-name': /Element 'GivenName': \[facet 'pattern'\] The value '' is not accepted by the pattern/,
};

const golden = (name: string, file: 'request.xml' | 'response.xml') => path.join(GOLDEN_DIR, name, file);

test('the golden cases are the exact, linked, not-found and schema-invalid learners', () => {
  expect(CASES).toEqual(['empty-given-name', 'exact', 'linked', 'not-found']);
});

describe('the golden files against wsdl/envelope-learner-service.xsd (xmllint)', () => {
  beforeAll(requireXmllint);

  test.each(CASES.flatMap((name) => [[`${name}/request.xml`], [`${name}/response.xml`]]))('%s', async (relative) => {
    const [name, file] = relative.split('/') as [string, 'request.xml' | 'response.xml'];
    const result = await xmllintValidate(ENVELOPE_SCHEMA, golden(name, file));
    if (file === 'request.xml' && SCHEMA_INVALID_REQUESTS[name]) {
      expect(result.valid).toBe(false);
      expect(result.output).toMatch(SCHEMA_INVALID_REQUESTS[name]);
    } else {
      expect(result).toEqual({ valid: true, output: expect.stringContaining('validates') });
    }
  });
});

describe.each(eachDatabase())('LearnerService.svc verifyLearner against the golden files on %s', (_name, database) => {
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
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: SOAP_ACTION },
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
