import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { XmlElement } from 'libxml2-wasm';
import { type LibXml, loadLibXml } from '../../src/platform/xml/libxml';
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

const execFileAsync = promisify(execFile);
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
    const result = await xmllintValidate(golden(name, file));
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
    const context: Context = { correlationId: response.headers.get('x-correlation-id') ?? '' };
    expect(differences(expected, actual, context)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// XML as comparable trees

/** An element: expanded name {namespace}local, attributes by expanded name, children, text. */
interface Node {
  name: string;
  path: string;
  attributes: Record<string, string>;
  children: Node[];
  /** The text of a leaf (QNames resolved to {namespace}local); undefined for elements with element children. */
  text: string | undefined;
  /** Text beside element children (mixed content): must be whitespace in both documents. */
  strayText: string;
}

/** Elements whose text is a QName (SOAP 1.1 section 4.4.1): compared with the prefix resolved. */
const QNAME_TEXT = new Set(['{}faultcode']);

function toTree(lib: LibXml, xml: string): Node {
  const doc = lib.XmlDocument.fromString(xml);
  try {
    return toNode(lib, doc.root, '', 0);
  } finally {
    doc.dispose();
  }
}

function toNode(lib: LibXml, element: XmlElement, parentPath: string, index: number): Node {
  const name = `{${element.namespaceUri ?? ''}}${element.name}`;
  const nodePath = `${parentPath}/${name}[${index}]`;
  const attributes: Record<string, string> = {};
  for (const attr of element.attrs) attributes[`{${attr.namespaceUri ?? ''}}${attr.name}`] = attr.value;
  const children: Node[] = [];
  let text = '';
  for (let child = element.firstChild; child; child = child.next) {
    if (child instanceof lib.XmlElement) children.push(toNode(lib, child, nodePath, children.length));
    else if (child instanceof lib.XmlText || child instanceof lib.XmlCData) text += child.content;
  }
  if (children.length > 0) return { name, path: nodePath, attributes, children, text: undefined, strayText: text.trim() };
  return {
    name,
    path: nodePath,
    attributes,
    children,
    text: QNAME_TEXT.has(name) ? resolveQName(element, text) : text,
    strayText: '',
  };
}

function resolveQName(element: XmlElement, value: string): string {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  const prefix = colon < 0 ? '' : trimmed.slice(0, colon);
  const namespace = element.namespaceForPrefix(prefix);
  return namespace === null && prefix !== ''
    ? `{unbound prefix ${prefix}}${trimmed}`
    : `{${namespace ?? ''}}${trimmed.slice(colon + 1)}`;
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Context {
  correlationId: string;
}

/** Leaves whose value changes on every call, by parent and element name: how to compare them. */
const VARYING: Record<string, (expected: string, actual: string, context: Context) => string | undefined> = {
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

function differences(expected: Node, actual: Node, context: Context, parent = ''): string[] {
  const where = expected.path;
  if (expected.name !== actual.name) return [`${where}: expected element ${expected.name}, got ${actual.name}`];
  const found: string[] = [];
  const attributeNames = new Set([...Object.keys(expected.attributes), ...Object.keys(actual.attributes)]);
  for (const attribute of attributeNames) {
    if (expected.attributes[attribute] !== actual.attributes[attribute]) {
      found.push(
        `${where}/@${attribute}: expected ${show(expected.attributes[attribute])}, got ${show(actual.attributes[attribute])}`,
      );
    }
  }
  if (expected.strayText !== actual.strayText) {
    found.push(`${where}: expected mixed text ${show(expected.strayText)}, got ${show(actual.strayText)}`);
  }
  const vary = VARYING[`${parent}/${expected.name}`];
  if (expected.text !== undefined && actual.text !== undefined) {
    const problem = vary
      ? vary(expected.text, actual.text, context)
      : expected.text === actual.text
        ? undefined
        : `expected ${show(expected.text)}, got ${show(actual.text)}`;
    if (problem) found.push(`${where}: ${problem}`);
    return found;
  }
  const expectedNames = expected.children.map((c) => c.name);
  const actualNames = actual.children.map((c) => c.name);
  if (expectedNames.join(' ') !== actualNames.join(' ')) {
    found.push(`${where}: expected children [${expectedNames.join(', ')}], got [${actualNames.join(', ')}]`);
    if (expected.text !== undefined || actual.text !== undefined) {
      found.push(`${where}: expected text ${show(expected.text)}, got ${show(actual.text)}`);
    }
  }
  const pairs = Math.min(expected.children.length, actual.children.length);
  for (let i = 0; i < pairs; i++) {
    if (expected.children[i].name === actual.children[i].name) {
      found.push(...differences(expected.children[i], actual.children[i], context, expected.name));
    }
  }
  return found;
}

function show(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// xmllint

async function requireXmllint(): Promise<void> {
  try {
    await execFileAsync('xmllint', ['--version'], { timeout: 20_000 });
  } catch (error) {
    throw new Error(
      `xmllint cannot be run (${(error as Error).message.split('\n')[0]}): apt-get install -y --no-install-recommends libxml2-utils`,
    );
  }
}

async function xmllintValidate(file: string): Promise<{ valid: boolean; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('xmllint', ['--noout', '--nonet', '--schema', ENVELOPE_SCHEMA, file], {
      timeout: 20_000,
    });
    return { valid: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw error; // not run at all, or timed out
    return { valid: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
