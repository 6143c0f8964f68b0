import { randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ErrorCode } from '../../src/platform/error-codes';
import { envelope, passwordTextHeader } from './soap-messages';

/**
 * The SOAP surfaces as an attacker's client sees them: how to build an ordinary request and
 * a broken one, how to send it (with a timeout, so a hang fails instead of stalling the run) and
 * how to read the fault that comes back (namespace-aware, and checked for leaks of the server's
 * internals). Used by test/red-team/xml.test.ts and test/soap/hostile-input.test.ts.
 */

export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const AO_NS = 'urn:lrs-gateway:ao:1';
const LRS_REPORT_NS = 'http://api.lrs.miap.gov.uk/reportmsg';
const LRS_EXCEPTIONS_NS = 'http://api.lrs.miap.gov.uk/exceptions';
const EXTERNAL_SERVICES_NS = 'http://api.lrs.qcf.gov.uk/services';
const EXTERNAL_MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';
const EXTERNAL_FAULTS_NS = 'http://api.lrs.qcf.gov.uk/faults';
const R9_NS = 'http://tempuri.org/';
const R9_INVOKING_NS = 'http://schemas.datacontract.org/2004/07/Amor.Qcf.Service.Interface';

export const REQUEST_TIMEOUT_MS = 10_000;
export const MIB = 1024 * 1024;
export const WRONG_PASSWORD = 'Wrong-Password-1';
/** Sixteen characters, as the LRS schema wants an OrgPassword, but not the organisation's. */
export const WRONG_ORG_PASSWORD = 'WrongWebService9';

// ---------------------------------------------------------------------------------------------
// The three surfaces, as a client sees them
// ---------------------------------------------------------------------------------------------

export interface Learner {
  uln?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  gender?: string;
}

/** An exact match on the compatibility register (WSVRC001). */
export const GOOD_LEARNER: Learner = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

export interface LrsLogin {
  organisationRef?: string;
  ukprn?: string;
  orgPassword?: string;
  userName?: string;
}

export const VICTOR_LRS: LrsLogin = { ukprn: '10099901', orgPassword: 'AO1WebService#01', userName: 'victor.vance' };

export type SurfaceName = 'AO' | 'LRS' | 'EXT' | 'R9';

export interface SurfaceUnderTest {
  name: SurfaceName;
  path: string;
  soapAction: string;
  auditSurface: 'soap-ao' | 'soap-lrs';
  /** One learner field, qualified the way the surface's schema wants (attributes optional). */
  field(name: string, value: string, attributes?: string): string;
  /** The learner fields in the surface's schema order (undefined ones left out). */
  learnerFields(learner: Learner): string;
  /** The VerifyLearner request element around these learner fields (LRS: with body credentials). */
  request(fields: string, login?: LrsLogin): string;
  /** The SOAP header of an ordinary request (AO: PasswordText for victor.vance; LRS: none). */
  header: string;
  /** A request element that names no operation of the surface. */
  unknownOperation: string;
  /** faultcode local name of an ordinary (non-protocol) refusal. */
  ordinaryFaultcode: 'Client' | 'Server';
  /** What the ordinary request answers: HTTP status and ResponseCode. */
  ordinaryAnswer: string;
}

export const AO: SurfaceUnderTest = {
  name: 'AO',
  path: '/soap/ao',
  soapAction: `${AO_NS}/VerifyLearner`,
  auditSurface: 'soap-ao',
  field: (name, value, attributes = '') => `<ao:${name}${attributes}>${value}</ao:${name}>`,
  learnerFields(l) {
    return [
      ['ULN', l.uln],
      ['GivenName', l.givenName],
      ['FamilyName', l.familyName],
      ['DateOfBirth', l.dateOfBirth],
      ['Gender', l.gender],
    ]
      .filter(([, v]) => v !== undefined)
      .map(([n, v]) => this.field(n as string, v as string))
      .join('');
  },
  request: (fields) => `<ao:VerifyLearner xmlns:ao="${AO_NS}">${fields}</ao:VerifyLearner>`,
  header: passwordTextHeader('victor.vance'),
  unknownOperation: `<ao:Nope xmlns:ao="${AO_NS}"><ao:ULN>1026893096</ao:ULN></ao:Nope>`,
  ordinaryFaultcode: 'Client',
  ordinaryAnswer: '200 WSVRC001',
};

export const LRS: SurfaceUnderTest = {
  name: 'LRS',
  path: '/LearnerService.svc',
  soapAction: 'http://tempuri.org/LearnerPortType/verifyLearner',
  auditSurface: 'soap-lrs',
  field: (name, value, attributes = '') => `<${name}${attributes}>${value}</${name}>`,
  learnerFields(l) {
    return [
      ['ULN', l.uln],
      ['FamilyName', l.familyName],
      ['GivenName', l.givenName],
      ['DateOfBirth', l.dateOfBirth],
      ['Gender', l.gender],
    ]
      .filter(([, v]) => v !== undefined)
      .map(([n, v]) => this.field(n as string, v as string))
      .join('');
  },
  request(fields, login = VICTOR_LRS) {
    const credential = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${value}</${name}>`);
    return (
      `<rep:VerifyLearner xmlns:rep="${LRS_REPORT_NS}">` +
      credential('OrganisationRef', login.organisationRef) +
      credential('UKPRN', login.ukprn) +
      credential('OrgPassword', login.orgPassword) +
      credential('UserName', login.userName) +
      `<LearnerToVerify>${fields}</LearnerToVerify></rep:VerifyLearner>`
    );
  },
  header: '',
  unknownOperation: `<rep:Nope xmlns:rep="${LRS_REPORT_NS}"><UKPRN>10099901</UKPRN></rep:Nope>`,
  ordinaryFaultcode: 'Server',
  ordinaryAnswer: '200 WSVRC001',
};

/**
 * ExternalService.svc has no learner fields: its ordinary request asks for a batch job that does
 * not exist (answered, as the real service does, with ResponseCode WSRC0018 once the caller is
 * authenticated and the database read), and its "learner fields" are the jobId, so the attacks
 * that carry learner fields still arrive in a well-formed GetAchievementBatchJob.
 */
export const EXT: SurfaceUnderTest = {
  name: 'EXT',
  path: '/ExternalService.svc',
  soapAction: `${EXTERNAL_SERVICES_NS}/IExternalService/GetAchievementBatchJob`,
  auditSurface: 'soap-lrs',
  field: (name, value, attributes = '') => `<ser:${name}${attributes}>${value}</ser:${name}>`,
  learnerFields: () => '<ser:jobId>987654</ser:jobId>',
  request: (fields) =>
    `<ser:GetAchievementBatchJob xmlns:ser="${EXTERNAL_SERVICES_NS}" xmlns:mod="${EXTERNAL_MODEL_NS}">` +
    '<ser:invokingUser><mod:OrgPassword>AO1WebService#01</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
    `<mod:UserName>morgan.mills</mod:UserName></ser:invokingUser>${fields}</ser:GetAchievementBatchJob>`,
  header: '',
  unknownOperation: `<ser:Nope xmlns:ser="${EXTERNAL_SERVICES_NS}"><ser:jobId>1</ser:jobId></ser:Nope>`,
  ordinaryFaultcode: 'Client',
  ordinaryAnswer: '200 WSRC0018',
};

/**
 * LearnerServiceR9.svc: its ordinary request is GetLearnerLearningEvents of the school's LRB user (an
 * organisation granted learner management), whose learner fields are the R9 parameters uln, givenName,
 * familyName, dateOfBirth and gender (the last two always present, empty when not given).
 */
export const R9: SurfaceUnderTest = {
  name: 'R9',
  path: '/LearnerServiceR9.svc',
  soapAction: `${R9_NS}ILearnerServiceR9/GetLearnerLearningEvents`,
  auditSurface: 'soap-lrs',
  field: (name, value, attributes = '') => `<tem:${name}${attributes}>${value}</tem:${name}>`,
  learnerFields(l) {
    return [
      ['uln', l.uln],
      ['givenName', l.givenName],
      ['familyName', l.familyName],
      ['dateOfBirth', l.dateOfBirth ?? ''],
      ['gender', l.gender ?? ''],
    ]
      .filter(([, v]) => v !== undefined)
      .map(([n, v]) => this.field(n as string, v as string))
      .join('');
  },
  request: (fields) =>
    `<tem:GetLearnerLearningEvents xmlns:tem="${R9_NS}" xmlns:s="${R9_INVOKING_NS}">` +
    '<tem:invokingOrganisation><s:OrganisationRef>LRB001</s:OrganisationRef><s:Password>LRBWebService#03</s:Password>' +
    '<s:Username>lena.lowe</s:Username></tem:invokingOrganisation>' +
    `<tem:userType>ORG</tem:userType><tem:vendorID>1</tem:vendorID><tem:language>ENG</tem:language>${fields}` +
    '<tem:getType>FULL</tem:getType></tem:GetLearnerLearningEvents>',
  header: '',
  unknownOperation: `<tem:Nope xmlns:tem="${R9_NS}"><tem:uln>1026893096</tem:uln></tem:Nope>`,
  ordinaryFaultcode: 'Client',
  ordinaryAnswer: '200 WSRC0004',
};

/** The ordinary, valid request of a surface (an exact match, as victor.vance). */
export function ordinaryEnvelope(s: SurfaceUnderTest): string {
  return envelope(s.request(s.learnerFields(GOOD_LEARNER)), s.header);
}

/** An ordinary envelope whose learner fields are these (raw XML). */
export function envelopeWithFields(s: SurfaceUnderTest, fields: string, header = s.header): string {
  return envelope(s.request(fields), header);
}

/** The same document with a DOCTYPE right after the XML declaration. */
export function withDoctype(xml: string, doctype: string): string {
  return xml.replace(/^(<\?xml[^>]*\?>)/, `$1${doctype}`);
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The stable code's WSEC code on the LRS-compatible service (docs/error-codes.md; written out, not read from src). */
export const EXPECTED_WSEC: Partial<Record<ErrorCode, string>> = {
  MESSAGE_MALFORMED: 'WSEC0001',
  MESSAGE_FORBIDDEN_CONSTRUCT: 'WSEC0001',
  MESSAGE_LIMIT_EXCEEDED: 'WSEC0001',
  MESSAGE_TOO_LARGE: 'WSEC0001',
  MESSAGE_INVALID: 'WSEC0001',
  MESSAGE_ENCODING_UNSUPPORTED: 'WSEC0001',
  SOAP_VERSION_MISMATCH: 'WSEC0001',
  SOAP_ACTION_MISMATCH: 'WSEC0001',
  HTTP_METHOD_NOT_ALLOWED: 'WSEC0001',
  OPERATION_UNKNOWN: 'WSEC0002',
  AUTH_REQUIRED: 'WSEC0003',
  ORGANISATION_UNKNOWN: 'WSEC0003',
  AUTH_FAILED: 'WSEC0005',
  AUTH_TOKEN_EXPIRED: 'WSEC0005',
  AUTH_ACCOUNT_SUSPENDED: 'WSEC0006',
  ROLE_REQUIRED: 'WSEC0006',
  ULN_INVALID: 'WSEC0136',
};

// ---------------------------------------------------------------------------------------------
// Sending and reading
// ---------------------------------------------------------------------------------------------

export interface RequestSpec {
  method?: string;
  /** Appended to the surface path, e.g. "?xsd=...". */
  query?: string;
  /** Extra or replacing headers; null removes a default one. */
  headers?: Record<string, string | null>;
  body?: string | Buffer | (() => ReadableStream<Uint8Array>);
}

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  /** The HTTP authentication challenge, when the reply carries one. */
  wwwAuthenticate?: string;
  /** Set when no HTTP answer came (timeout, reset): the server hung or dropped the connection. */
  transportError?: string;
}

export async function send(baseUrl: string, s: SurfaceUnderTest, spec: RequestSpec, correlationId?: string): Promise<Reply> {
  const method = spec.method ?? 'POST';
  const headers: Record<string, string> = {};
  if (method !== 'GET' && method !== 'HEAD') {
    headers['content-type'] = 'text/xml; charset=utf-8';
    headers.soapaction = `"${s.soapAction}"`;
  }
  if (correlationId) headers['x-correlation-id'] = correlationId;
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (value === null) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  const body = typeof spec.body === 'function' ? spec.body() : spec.body;
  const init = {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ...(typeof spec.body === 'function' ? { duplex: 'half' } : {}),
  } as RequestInit;
  try {
    const response = await fetch(`${baseUrl}${s.path}${spec.query ?? ''}`, init);
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    const reply: Reply = { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text };
    const challenge = response.headers.get('www-authenticate');
    return challenge === null ? reply : { ...reply, wwwAuthenticate: challenge };
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return {
      status: 0,
      contentType: '',
      body: '',
      transportError: `${e.name}: ${e.message}${e.cause ? ` (${e.cause.message})` : ''}`,
    };
  }
}

let correlationCounter = 0;
export function newCorrelationId(s: SurfaceUnderTest): string {
  correlationCounter += 1;
  return `hostile-${s.name}-${correlationCounter}-${randomBytes(4).toString('hex')}`;
}

// A namespace-aware reading of the fault envelope (fast-xml-parser keeps prefixes; we resolve them).

type XNode = Record<string, unknown>;
interface XElement {
  /** `{namespace}local` */
  name: string;
  node: XNode;
  scope: Map<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: false,
  trimValues: false,
});

function elementsOf(node: XNode, scope: Map<string, string>): XElement[] {
  const found: XElement[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key.startsWith('#') || key.startsWith('?')) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const child: XNode = item !== null && typeof item === 'object' ? (item as XNode) : { '#text': item ?? '' };
      const childScope = new Map(scope);
      for (const [attribute, attributeValue] of Object.entries(child)) {
        if (attribute === '@_xmlns') childScope.set('', String(attributeValue));
        else if (attribute.startsWith('@_xmlns:')) childScope.set(attribute.slice(8), String(attributeValue));
      }
      const [prefix, local] = key.includes(':') ? key.split(':', 2) : ['', key];
      const ns = childScope.get(prefix) ?? (prefix === '' ? '' : `unbound prefix ${prefix}`);
      found.push({ name: `{${ns}}${local}`, node: child, scope: childScope });
    }
  }
  return found;
}

function textOf(element: XElement | undefined): string | undefined {
  if (!element) return undefined;
  const text = element.node['#text'];
  return text === undefined ? '' : String(text);
}

function only(elements: XElement[], name: string, where: string): XElement {
  const matching = elements.filter((e) => e.name === name);
  if (matching.length !== 1 || elements.length !== 1) {
    throw new Error(`${where} should hold exactly one ${name}, holds [${elements.map((e) => e.name).join(', ')}]`);
  }
  return matching[0];
}

interface ReadFault {
  /** `{namespace}local` of the faultcode QName, resolved in its scope. */
  faultcode: string;
  faultstring: string;
  /** The detail entry: its name and its children's texts by name. */
  detailEntry: string | undefined;
  detail: Record<string, string | undefined>;
}

/** Reads a SOAP 1.1 fault envelope, or throws saying why the body is not one. */
export function readFault(xml: string): ReadFault {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw new Error(`not well-formed XML: ${wellFormed.err.msg}`);
  const root = only(elementsOf(parser.parse(xml) as XNode, new Map()), `{${SOAP11}}Envelope`, 'the document');
  const parts = elementsOf(root.node, root.scope);
  const body = only(
    parts.filter((e) => e.name.endsWith('}Body')),
    `{${SOAP11}}Body`,
    'the Envelope',
  );
  const fault = only(elementsOf(body.node, body.scope), `{${SOAP11}}Fault`, 'the Body');
  const children = elementsOf(fault.node, fault.scope);
  const child = (name: string) => children.find((e) => e.name === `{}${name}`);
  const faultcodeElement = child('faultcode');
  const faultcodeText = textOf(faultcodeElement)?.trim() ?? '';
  const [prefix, local] = faultcodeText.includes(':') ? faultcodeText.split(':', 2) : ['', faultcodeText];
  const faultcodeNs = faultcodeElement?.scope.get(prefix) ?? `unbound prefix ${prefix}`;
  const detailElement = child('detail');
  const entries = detailElement ? elementsOf(detailElement.node, detailElement.scope) : [];
  const entry = entries[0];
  const detail: Record<string, string | undefined> = {};
  for (const e of entry ? elementsOf(entry.node, entry.scope) : []) detail[e.name] = textOf(e);
  return {
    faultcode: `{${faultcodeNs}}${local}`,
    faultstring: textOf(child('faultstring')) ?? '',
    detailEntry: entry?.name,
    detail,
  };
}

/** What must never be in a reply: internals of the server, or the contents of its files. */
export const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s*at\s|\bat\s+(?:async\s+)?[\w.$<>]+\s+\(|\bat\s+(?:file:\/\/)?\//],
  ['a /work path', /\/work\b/],
  ['node_modules', /node_modules/],
  ['a .ts file name', /\.ts\b/],
  ['a .js: location', /\.js:/],
  ['an "Error:" dump', /Error:/],
  ['SQL', /\b(?:SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|WHERE\s+\w+\s*=)/],
  ['a database driver message', /SQLITE_|\bER_[A-Z_]{3,}|QueryFailedError|sqlite3|mysql|mariadb/i],
  ['/etc/passwd contents', /root:/],
];

export function leaksIn(body: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(body)).map(([what]) => what);
}

export interface FaultObservation {
  status: number;
  contentType: string;
  transportError?: string;
  wwwAuthenticate?: string;
  envelope: string;
  faultcode?: string;
  /** AO: detail Code; LRS: detail ErrorCode; EXT: the code its ErrorDetail names, and its ErrorCode. */
  code?: string;
  correlationIdInFault?: boolean;
  description?: string;
  leaks: string[];
}

/** What a fault reply shows, in the shape the expectations are written in. */
export function observeFault(
  s: SurfaceUnderTest,
  reply: Reply,
  correlationId: string | undefined,
  withDescription: boolean,
): FaultObservation {
  const observed: FaultObservation = {
    status: reply.status,
    contentType: reply.contentType.split(';')[0].trim(),
    envelope: 'SOAP 1.1 Fault',
    leaks: leaksIn(reply.body),
  };
  if (reply.transportError) observed.transportError = reply.transportError;
  if (reply.wwwAuthenticate) observed.wwwAuthenticate = reply.wwwAuthenticate;
  try {
    const fault = readFault(reply.body);
    observed.faultcode = fault.faultcode;
    if (s.name === 'AO') {
      if (fault.detailEntry !== `{${AO_NS}}GatewayFault`)
        throw new Error(`detail entry is ${fault.detailEntry}, not ao:GatewayFault`);
      observed.code = fault.detail[`{${AO_NS}}Code`];
      if (correlationId) observed.correlationIdInFault = fault.detail[`{${AO_NS}}CorrelationId`] === correlationId;
    } else if (answersDomainFaults(s)) {
      if (fault.detailEntry !== `{${EXTERNAL_FAULTS_NS}}DomainFault`)
        throw new Error(`detail entry is ${fault.detailEntry}, not DomainFault`);
      const explanation = Buffer.from(fault.detail[`{${EXTERNAL_FAULTS_NS}}ErrorDetail`] ?? '', 'base64').toString('utf8');
      observed.code = `${explanation.split(':')[0]} ${fault.detail[`{${EXTERNAL_FAULTS_NS}}ErrorCode`]}`;
      if (correlationId) observed.correlationIdInFault = explanation.endsWith(`[correlation id ${correlationId}]`);
    } else {
      if (fault.detailEntry !== `{${LRS_EXCEPTIONS_NS}}MIAPAPIException`) {
        throw new Error(`detail entry is ${fault.detailEntry}, not ns10:MIAPAPIException`);
      }
      observed.code = fault.detail['{}ErrorCode'];
      if (correlationId)
        observed.correlationIdInFault = (fault.detail['{}FurtherDetails'] ?? '').includes(`[correlation id ${correlationId}]`);
      if (withDescription) observed.description = fault.detail['{}Description'];
    }
  } catch (error) {
    observed.envelope = `not a SOAP 1.1 fault: ${(error as Error).message}; body starts ${JSON.stringify(reply.body.slice(0, 200))}`;
  }
  return observed;
}

/** The WCF services (ExternalService, LearnerServiceR9) fault with a DomainFault, the Learner Register with a MIAPAPIException. */
function answersDomainFaults(s: SurfaceUnderTest): boolean {
  return s.name === 'EXT' || s.name === 'R9';
}

/** A stable code as the surface's fault shows it: AO its own code, LRS the WSEC code, EXT and R9 both. */
export function codeAsShown(s: SurfaceUnderTest, code: ErrorCode): string | undefined {
  if (s.name === 'AO') return code;
  return answersDomainFaults(s) ? `${code} ${EXPECTED_WSEC[code]}` : EXPECTED_WSEC[code];
}

export function expectedFault(
  s: SurfaceUnderTest,
  code: ErrorCode,
  faultcode: 'VersionMismatch' | 'MustUnderstand' | undefined,
  correlationId: string | undefined,
  withDescription: boolean,
): FaultObservation {
  const expected: FaultObservation = {
    status: 500,
    contentType: 'text/xml',
    envelope: 'SOAP 1.1 Fault',
    faultcode: `{${SOAP11}}${faultcode ?? s.ordinaryFaultcode}`,
    code: codeAsShown(s, code),
    leaks: [],
  };
  if (correlationId) expected.correlationIdInFault = true;
  if (withDescription) expected.description = 'UnsupportedHttpVerb';
  return expected;
}
