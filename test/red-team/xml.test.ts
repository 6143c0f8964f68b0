import type { ErrorCode } from '../../src/platform/error-codes';
import {
  AO,
  envelopeWithFields,
  EXT,
  R9,
  GOOD_LEARNER,
  LRS,
  newCorrelationId,
  ordinaryEnvelope,
  type RequestSpec,
  send,
  type SurfaceName,
  withDoctype,
} from '../support/hostile-soap';
import {
  auditOutcomes,
  bomb,
  chunkedOversized,
  describeHostileInput,
  GARBAGE,
  type HostileCase,
  oversized,
  snapshot,
} from '../support/hostile-suite';
import { envelope } from '../support/soap-messages';

/**
 * Every XML, SOAP-protocol and HTTP attack on each SOAP surface (the AO gateway,
 * LearnerService.svc and ExternalService.svc): entities and DTDs, structural limits, sizes and
 * compression bombs, broken XML, SOAP protocol abuse, schema violations and HTTP verbs. Each is
 * refused by the front door with its stable code, audited, leaks nothing, changes nothing, and the
 * surface's ordinary request answers afterwards (test/support/hostile-suite.ts).
 */

/** The surfaces whose requests carry learner fields (the schema cases are about those). */
const LEARNER_SURFACES: SurfaceName[] = ['AO', 'LRS'];

const CASES: HostileCase[] = [
  // --- entities and document type declarations
  {
    what: '[RT-XML-01] XXE: a SYSTEM entity reading file:///etc/passwd, referenced in a name field',
    request: (s) => ({
      body: withDoctype(
        envelope(s.request(s.learnerFields({ ...GOOD_LEARNER, givenName: '&xxe;' })), s.header),
        '<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      ),
    }),
    code: 'MESSAGE_FORBIDDEN_CONSTRUCT',
  },
  {
    what: '[RT-XML-02] XXE through a parameter entity (external DTD fetch)',
    request: (s) => ({
      body: withDoctype(ordinaryEnvelope(s), '<!DOCTYPE soapenv:Envelope [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>'),
    }),
    code: 'MESSAGE_FORBIDDEN_CONSTRUCT',
  },
  {
    what: '[RT-XML-03] billion laughs: nested entity expansion in a DOCTYPE',
    request: (s) => {
      const entities = ['<!ENTITY lol0 "lol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
      return {
        body: withDoctype(
          envelope(s.request(s.learnerFields({ ...GOOD_LEARNER, familyName: '&lol9;' })), s.header),
          `<!DOCTYPE soapenv:Envelope [${entities.join('')}]>`,
        ),
      };
    },
    code: 'MESSAGE_FORBIDDEN_CONSTRUCT',
  },
  {
    what: '[RT-XML-04] XInclude of file:///etc/passwd in a name field',
    surfaces: LEARNER_SURFACES,
    request: (s) => ({
      body: envelope(
        s.request(
          s.learnerFields({
            ...GOOD_LEARNER,
            givenName: '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
          }),
        ),
        s.header,
      ),
    }),
    code: 'MESSAGE_INVALID',
  },
  {
    what: '[RT-XML-05] a processing instruction inside the body',
    request: (s) => ({
      body: envelopeWithFields(s, `<?xml-stylesheet href="file:///etc/passwd"?>${s.learnerFields(GOOD_LEARNER)}`),
    }),
    code: 'MESSAGE_FORBIDDEN_CONSTRUCT',
  },

  // --- structural limits
  {
    what: '[RT-XML-06] 10,000-deep element nesting inside the body',
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER) + `${'<x>'.repeat(10_000)}deep${'</x>'.repeat(10_000)}`),
    }),
    code: 'MESSAGE_LIMIT_EXCEEDED',
  },
  {
    what: '[RT-XML-07] an element name of 10,000 characters',
    request: (s) => {
      const name = `n${'a'.repeat(9_999)}`;
      return { body: envelopeWithFields(s, `${s.learnerFields(GOOD_LEARNER)}<${name}>x</${name}>`) };
    },
    code: 'MESSAGE_LIMIT_EXCEEDED',
  },
  {
    what: '[RT-XML-08] an element with 1,000 attributes',
    request: (s) => {
      const attributes = Array.from({ length: 1_000 }, (_, i) => ` a${i}="${i}"`).join('');
      return {
        body: envelopeWithFields(
          s,
          s.field('ULN', GOOD_LEARNER.uln as string) +
            (s.name === 'AO'
              ? s.field('GivenName', 'Sample', attributes) + s.field('FamilyName', 'Testname')
              : s.field('FamilyName', 'Testname') + s.field('GivenName', 'Sample', attributes)),
        ),
      };
    },
    code: 'MESSAGE_LIMIT_EXCEEDED',
  },
  {
    what: '[RT-XML-09] an element with 1,000 namespace declarations',
    request: (s) => {
      const declarations = Array.from({ length: 1_000 }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');
      return { body: ordinaryEnvelope(s).replace('<soapenv:Body>', `<soapenv:Body${declarations}>`) };
    },
    code: 'MESSAGE_LIMIT_EXCEEDED',
  },

  // --- size and encoding
  {
    what: '[RT-XML-10] a body over the limit: 2 MiB of whitespace inside a valid envelope',
    request: (s) => ({ body: oversized(s) }),
    code: 'MESSAGE_TOO_LARGE',
    audited: false,
  },
  {
    what: '[RT-XML-11] a chunked upload (no Content-Length) that runs past the limit',
    request: (s) => ({ body: chunkedOversized(s) }),
    code: 'MESSAGE_TOO_LARGE',
    audited: false,
  },
  {
    what: '[RT-XML-12] a gzip bomb: 50 MiB of spaces in ~50 KB of gzip',
    request: (s) => ({ body: bomb(s, 'gzip'), headers: { 'content-encoding': 'gzip' } }),
    code: 'MESSAGE_TOO_LARGE',
    audited: false,
    watchResources: true,
  },
  {
    what: '[RT-XML-13] a brotli bomb: 50 MiB of spaces in a few bytes of br',
    request: (s) => ({ body: bomb(s, 'br'), headers: { 'content-encoding': 'br' } }),
    code: 'MESSAGE_TOO_LARGE',
    audited: false,
    watchResources: true,
  },
  {
    what: '[RT-XML-14] Content-Encoding: zstd (refused whatever the Node version can decode)',
    request: (s) => ({ body: ordinaryEnvelope(s), headers: { 'content-encoding': 'zstd' } }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED',
    audited: false,
  },
  {
    what: '[RT-XML-15] Content-Encoding: an unknown one (x-snappy-framed)',
    request: (s) => ({ body: ordinaryEnvelope(s), headers: { 'content-encoding': 'x-snappy-framed' } }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED',
    audited: false,
  },
  {
    what: '[RT-XML-16] Content-Encoding: compress (LZW, never supported)',
    request: (s) => ({ body: ordinaryEnvelope(s), headers: { 'content-encoding': 'compress' } }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED',
    audited: false,
  },
  {
    what: '[RT-XML-17] Content-Encoding: gzip on a body that is not gzip',
    request: (s) => ({ body: ordinaryEnvelope(s), headers: { 'content-encoding': 'gzip' } }),
    code: 'MESSAGE_MALFORMED',
    audited: false,
  },

  // --- not XML, or broken XML
  {
    what: '[RT-XML-18] malformed XML: an unclosed tag',
    request: (s) => ({
      body: envelopeWithFields(
        s,
        s.learnerFields(GOOD_LEARNER).replace(/<\/(?:ao:|ser:|tem:)?(?:GivenName|givenName|jobId)>/, ''),
      ),
    }),
    code: 'MESSAGE_MALFORMED',
  },
  {
    what: '[RT-XML-19] malformed XML: mismatched end tags',
    request: (s) => ({ body: ordinaryEnvelope(s).replace('</soapenv:Body>', '</soapenv:Bodie>') }),
    code: 'MESSAGE_MALFORMED',
  },
  { what: '[RT-XML-20] garbage bytes', request: () => ({ body: GARBAGE }), code: 'MESSAGE_MALFORMED' },
  { what: '[RT-XML-21] an empty HTTP body', request: () => ({ body: '' }), code: 'MESSAGE_MALFORMED' },
  {
    what: '[RT-XML-22] non-XML text',
    request: () => ({ body: 'Hello, is this the Learning Records Service?' }),
    code: 'MESSAGE_MALFORMED',
  },
  {
    what: '[RT-XML-23] JSON instead of XML',
    request: () => ({
      body: JSON.stringify({ ULN: '1026893096', GivenName: 'Sample' }),
      headers: { 'content-type': 'application/json' },
    }),
    code: 'MESSAGE_MALFORMED',
  },
  {
    what: '[RT-XML-24] a truncated envelope',
    request: (s) => {
      const xml = ordinaryEnvelope(s);
      return { body: xml.slice(0, Math.floor(xml.length * 0.6)) };
    },
    code: 'MESSAGE_MALFORMED',
  },

  // --- SOAP protocol (a SOAP 1.2 envelope: RT-XML-46 below)
  {
    what: '[RT-XML-25] a header entry with mustUnderstand="1" that the server does not know',
    request: (s) => ({
      body: envelope(
        s.request(s.learnerFields(GOOD_LEARNER)),
        `${s.header}<x:Tracking xmlns:x="urn:example:unknown-header" soapenv:mustUnderstand="1">t-1</x:Tracking>`,
      ),
    }),
    code: 'MESSAGE_INVALID',
    faultcode: 'MustUnderstand',
  },
  {
    what: '[RT-XML-26] an unknown operation element in the body',
    request: (s) => ({ body: envelope(s.unknownOperation, s.header) }),
    code: 'OPERATION_UNKNOWN',
  },
  {
    what: '[RT-XML-27] two elements in the body',
    request: (s) => {
      const one = s.request(s.learnerFields(GOOD_LEARNER));
      return { body: envelope(one + one, s.header) };
    },
    code: 'MESSAGE_INVALID',
  },
  {
    what: '[RT-XML-28] a second soapenv:Body after the first (the SOAP 1.1 envelope allows one)',
    request: (s) => ({
      body: ordinaryEnvelope(s).replace(
        '</soapenv:Envelope>',
        `<soapenv:Body>${s.unknownOperation}</soapenv:Body></soapenv:Envelope>`,
      ),
    }),
    code: 'MESSAGE_INVALID',
  },
  { what: '[RT-XML-29] an empty SOAP Body', request: (s) => ({ body: envelope('', s.header) }), code: 'MESSAGE_INVALID' },
  {
    what: '[RT-XML-30] a wrong SOAPAction header',
    request: (s) => ({
      body: ordinaryEnvelope(s),
      headers: { soapaction: `"${s.soapAction.replace(/[^/]+$/, 'Nope')}"` },
    }),
    code: 'SOAP_ACTION_MISMATCH',
  },

  // --- schema violations
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-31] schema: the ULN is missing',
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields({ ...GOOD_LEARNER, uln: undefined })) }),
    code: 'MESSAGE_INVALID',
  },
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-32] schema: a ULN with letters',
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields({ ...GOOD_LEARNER, uln: '10268930AB' })) }),
    code: 'MESSAGE_INVALID',
  },
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-33] schema: a GivenName of 36 characters',
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields({ ...GOOD_LEARNER, givenName: 'A'.repeat(36) })) }),
    code: 'MESSAGE_INVALID',
  },
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-34] schema: Gender 3',
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields({ ...GOOD_LEARNER, gender: '3' })) }),
    code: 'MESSAGE_INVALID',
  },
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-35] schema: elements in the wrong order',
    request: (s) => ({
      body: envelopeWithFields(
        s,
        s.name === 'AO'
          ? s.field('GivenName', 'Sample') + s.field('ULN', '1026893096') + s.field('FamilyName', 'Testname')
          : s.field('ULN', '1026893096') + s.field('GivenName', 'Sample') + s.field('FamilyName', 'Testname'),
      ),
    }),
    code: 'MESSAGE_INVALID',
  },
  {
    what: '[RT-XML-36] schema: a child in the wrong namespace (AO: unqualified ULN)',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, '<ULN>1026893096</ULN>' + s.field('GivenName', 'Sample') + s.field('FamilyName', 'Testname')),
    }),
    code: 'MESSAGE_INVALID',
  },
  {
    what: '[RT-XML-37] schema: children in the wrong namespace (LRS: qualified learner fields)',
    surfaces: ['LRS'],
    request: (s) => ({
      body: envelopeWithFields(
        s,
        '<rep:ULN>1026893096</rep:ULN><rep:FamilyName>Testname</rep:FamilyName><rep:GivenName>Sample</rep:GivenName>',
      ),
    }),
    code: 'MESSAGE_INVALID',
  },
  {
    surfaces: LEARNER_SURFACES,
    what: '[RT-XML-38] a ULN with a wrong check digit (9999999999)',
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields({ ...GOOD_LEARNER, uln: '9999999999' })) }),
    code: 'ULN_INVALID',
  },

  // --- HTTP verbs
  { what: '[RT-XML-39] GET without ?wsdl', request: () => ({ method: 'GET' }), code: 'HTTP_METHOD_NOT_ALLOWED', audited: false },
  {
    what: '[RT-XML-40] GET ?xsd= with a path out of the contract (../../etc/passwd)',
    request: () => ({ method: 'GET', query: '?xsd=../../../../../../etc/passwd' }),
    code: 'HTTP_METHOD_NOT_ALLOWED',
    audited: false,
  },
  {
    what: '[RT-XML-41] an HTTP PUT of an ordinary envelope',
    request: (s) => ({ method: 'PUT', body: ordinaryEnvelope(s) }),
    code: 'HTTP_METHOD_NOT_ALLOWED',
    audited: false,
  },
  { what: '[RT-XML-42] an HTTP DELETE', request: () => ({ method: 'DELETE' }), code: 'HTTP_METHOD_NOT_ALLOWED', audited: false },
  {
    what: '[RT-XML-43] an HTTP PATCH of an ordinary envelope',
    request: (s) => ({ method: 'PATCH', body: ordinaryEnvelope(s) }),
    code: 'HTTP_METHOD_NOT_ALLOWED',
    audited: false,
  },
  {
    what: '[RT-XML-44] schema: a child in the wrong namespace (EXT: unqualified jobId)',
    surfaces: ['EXT'],
    request: (s) => ({ body: envelopeWithFields(s, '<jobId>987654</jobId>') }),
    code: 'MESSAGE_INVALID',
  },
];

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

describeHostileInput('XML and SOAP attacks', [AO, LRS, EXT, R9], CASES, (s, { running, ordinary }) => {
  test('[RT-XML-45] refusals made before the body is read (size, encoding, HTTP verb) are in the audit trail too', async () => {
    const specs: [ErrorCode, RequestSpec][] = [
      ['MESSAGE_TOO_LARGE', { body: oversized(s) }],
      ['MESSAGE_ENCODING_UNSUPPORTED', { body: ordinaryEnvelope(s), headers: { 'content-encoding': 'x-snappy-framed' } }],
      ['HTTP_METHOD_NOT_ALLOWED', { method: 'GET' }],
    ];
    const before = await snapshot(running().gateway);
    const seen: Record<string, string[]> = {};
    const wanted: Record<string, string[]> = {};
    for (const [code, spec] of specs) {
      const correlationId = newCorrelationId(s);
      await send(running().baseUrl, s, spec, correlationId);
      seen[code] = await auditOutcomes(running().gateway, correlationId);
      wanted[code] = [`${s.auditSurface} ${code}`];
    }
    const after = await snapshot(running().gateway);
    expect({ seen, learnersUnchanged: after.learners === before.learners, followUp: await ordinary(s) }).toEqual({
      seen: wanted,
      learnersUnchanged: true,
      followUp: s.ordinaryAnswer,
    });
  });

  test('[RT-XML-46] a SOAP 1.2 envelope gets a SOAP 1.2 VersionMismatch fault naming SOAP 1.1, and nothing else happens', async () => {
    const soap12 = ordinaryEnvelope(s).replace('http://schemas.xmlsoap.org/soap/envelope/', SOAP12);
    const before = await snapshot(running().gateway);
    const reply = await send(running().baseUrl, s, {
      body: soap12,
      headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${s.soapAction}"`, soapaction: null },
    });
    const after = await snapshot(running().gateway);
    expect({
      status: reply.status,
      soap12Fault: reply.body.includes(SOAP12) && /:Value>[\w-]+:VersionMismatch</.test(reply.body),
      upgrade: reply.body.includes('SupportedEnvelope'),
      learnersUnchanged: after.learners === before.learners,
      users: after.users,
      followUp: await ordinary(s),
    }).toEqual({
      status: 500,
      soap12Fault: true,
      upgrade: true,
      learnersUnchanged: true,
      users: before.users,
      followUp: s.ordinaryAnswer,
    });
  });
});
