import { diagnose } from '../../src/journal/diagnostics.rules';
import { type LibXml, loadLibXml } from '../../src/platform/xml/libxml';
import { projectPath } from '../../src/platform/paths';
import { parseXml, XmlSchema } from '../../src/platform/xml/xml-schema';

/** The real libxml2 messages of the real contracts, so the diagnostics are tested against what the front door sees. */
describe('diagnostics of refused requests', () => {
  let lib: LibXml;
  let ao: XmlSchema;
  let lrs: XmlSchema;
  beforeAll(async () => {
    lib = await loadLibXml();
    ao = XmlSchema.load(lib, projectPath('wsdl/xsd/ao/ao-gateway.xsd'));
    lrs = XmlSchema.load(lib, projectPath('wsdl/envelope-learner-service.xsd'));
  });

  const refusalOf = (schema: XmlSchema, xml: string) => {
    const doc = parseXml(lib, xml);
    try {
      const schemaIssues = schema.validate(doc.root);
      expect(schemaIssues.length).toBeGreaterThan(0);
      return diagnose({ code: 'MESSAGE_INVALID', message: schemaIssues[0].message, schemaIssues }, xml);
    } finally {
      doc.dispose();
    }
  };

  const AO = 'xmlns:ao="urn:lrs-gateway:ao:1"';
  const REPORT = 'xmlns:rep="http://api.lrs.miap.gov.uk/reportmsg"';
  const LRS_CREDENTIALS = '<UKPRN>10099901</UKPRN><OrgPassword>AO1WebService#01</OrgPassword><UserName>victor.vance</UserName>';

  test('elements out of order say which comes first', () => {
    const [first] = refusalOf(
      ao,
      `<ao:VerifyLearner ${AO}><ao:ULN>1026893096</ao:ULN><ao:FamilyName>Testname</ao:FamilyName><ao:GivenName>Sample</ao:GivenName></ao:VerifyLearner>`,
    );
    expect(first.kind).toBe('ELEMENTS_OUT_OF_ORDER');
    expect(first.summary).toBe('expected GivenName before FamilyName: the elements are out of order');
    expect(first.element).toBe('FamilyName');
  });

  test('children qualified where the LRS contract wants them unqualified (the commonest mistake of generated clients)', () => {
    const [first] = refusalOf(
      lrs,
      `<rep:VerifyLearner ${REPORT}><rep:UKPRN>10099901</rep:UKPRN><rep:OrgPassword>AO1WebService#01</rep:OrgPassword><rep:UserName>victor.vance</rep:UserName></rep:VerifyLearner>`,
    );
    expect(first.kind).toBe('QUALIFIED_WHERE_UNQUALIFIED');
    expect(first.summary).toContain('UKPRN is in the namespace http://api.lrs.miap.gov.uk/reportmsg');
    // The element named, so that a console can mark its line in a message sent on one line.
    expect(first.element).toBe('UKPRN');
  });

  test('children unqualified where the AO contract wants them qualified', () => {
    const [first] = refusalOf(ao, `<ao:VerifyLearner ${AO}><ULN>1026893096</ULN></ao:VerifyLearner>`);
    expect(first.kind).toBe('UNQUALIFIED_WHERE_QUALIFIED');
  });

  test('a missing element is named', () => {
    const [first] = refusalOf(
      ao,
      `<ao:VerifyLearner ${AO}><ao:ULN>1026893096</ao:ULN><ao:GivenName>Sample</ao:GivenName></ao:VerifyLearner>`,
    );
    expect(first.kind).toBe('MISSING_ELEMENT');
    expect(first.summary).toContain('FamilyName');
  });

  test('a value outside its type', () => {
    const [first] = refusalOf(
      lrs,
      `<rep:VerifyLearner ${REPORT}>${LRS_CREDENTIALS}<LearnerToVerify><ULN>12</ULN><FamilyName>T</FamilyName><GivenName>S</GivenName></LearnerToVerify></rep:VerifyLearner>`,
    );
    expect(first.kind).toBe('INVALID_VALUE');
    expect(first.summary.startsWith('ULN')).toBe(true);
  });

  test('an element that is simply not expected, with nothing later to explain it', () => {
    const [first] = refusalOf(ao, `<ao:VerifyLearner ${AO}><ao:Nonsense/></ao:VerifyLearner>`);
    expect(first.kind).toBe('UNEXPECTED_ELEMENT');
  });

  test('authentication reasons are told to the organisation, in words', () => {
    for (const reason of [
      'ORGANISATION_UNKNOWN',
      'ORGANISATION_PASSWORD_WRONG',
      'USER_OF_ANOTHER_ORGANISATION',
      'USER_UNKNOWN_OR_UNUSABLE',
      'PASSWORD_WRONG',
      'TOKEN_MALFORMED',
    ] as const) {
      const [first] = diagnose({ code: 'AUTH_FAILED', message: 'x', authenticationReason: reason }, '');
      expect(first.kind).toBe('AUTHENTICATION');
      expect(first.summary.length).toBeGreaterThan(10);
    }
    const kinds = new Set(
      (['ORGANISATION_UNKNOWN', 'ORGANISATION_PASSWORD_WRONG', 'USER_OF_ANOTHER_ORGANISATION'] as const).map(
        (reason) => diagnose({ code: 'AUTH_FAILED', message: 'x', authenticationReason: reason }, '')[0].summary,
      ),
    );
    expect(kinds.size).toBe(3);
  });

  test('a SOAPAction naming another operation, and text that is not XML', () => {
    expect(
      diagnose({ code: 'SOAP_ACTION_MISMATCH', message: 'm', soapAction: 'x', operation: 'verifyLearner' }, '')[0].kind,
    ).toBe('SOAP_ACTION_MISMATCH');
    const [malformed] = diagnose({ code: 'MESSAGE_MALFORMED', message: 'not well-formed XML (line 3, column 7): x' }, '');
    expect([malformed.kind, malformed.line, malformed.column]).toEqual(['NOT_WELL_FORMED', 3, 7]);
  });
});
