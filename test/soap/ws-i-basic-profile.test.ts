import { DESCRIPTION_CHECKS, type DescriptionCheck } from '../support/basic-profile';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { fetchServedContract, type ServedContract, type ServedDocument } from '../support/served-contract';
import { aoVerifyLearner, envelope, passwordTextHeader } from '../support/soap-messages';
import { childrenNamed, descendants, parseTree, type XmlNode } from '../support/xml-tree';

/**
 * WS-I Basic Profile 1.1 conformance, checked by assertions (there is no WS-I tool here):
 * the description requirements on each served WSDL and every schema it reaches
 * (test/support/basic-profile.ts), and the message requirements on what the AO gateway sends.
 * Each description check is also shown to catch a contract that breaks it.
 */

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const AO_NS = 'urn:lrs-gateway:ao:1';
const SURFACES = ['/soap/ao', '/LearnerService.svc', '/ExternalService.svc', '/LearnerServiceR9.svc'];

function withDocument(document: ServedDocument, text: string, contentType = document.contentType): ServedDocument {
  return { ...document, text, contentType, tree: parseTree(text) };
}

/** The contract with one textual change to its WSDL (or to a schema whose URL contains `schemaPart`). */
function mutated(contract: ServedContract, from: string | RegExp, to: string, schemaPart?: string): ServedContract {
  const change = (document: ServedDocument) => {
    const text = document.text.replace(from, to);
    if (text === document.text) throw new Error(`the mutation ${String(from)} does not apply to ${document.url}`);
    return withDocument(document, text);
  };
  if (schemaPart === undefined) return { ...contract, wsdl: change(contract.wsdl) };
  const url = [...contract.schemas.keys()].find((u) => u.includes(schemaPart)) as string;
  return { ...contract, schemas: new Map([...contract.schemas].map(([u, d]) => [u, u === url ? change(d) : d])) };
}

/** For each check, a contract that breaks it (built from the served AO gateway contract). */
const BREAKERS: Record<string, (c: ServedContract) => ServedContract> = {
  R4003: (c) => ({
    ...c,
    wsdl: withDocument(c.wsdl, c.wsdl.text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'text/xml'),
  }),
  'R2001 R2002 R2003': (c) =>
    mutated(c, '<wsdl:types>', '<wsdl:import namespace="urn:x" location="http://example.invalid/x.xsd"/><wsdl:types>'),
  R2105: (c) => mutated(c, '</wsdl:types>', '<xs:schema><xs:element name="Loose" type="xs:string"/></xs:schema></wsdl:types>'),
  'R2101 R2102': (c) => mutated(c, 'element="ao:VerifyLearner"', 'element="ao:NoSuchElement"'),
  'R2102 (schemas)': (c) => mutated(c, 'type="ao:LearnerDetails"', 'type="ao:NoSuchType"', 'ao-gateway.xsd'),
  'R2401 R2701 R2702 R2705': (c) => mutated(c, 'style="document" transport', 'style="rpc" transport'),
  'R2706 R1005-R1007': (c) => mutated(c, /<soap:body use="literal"\/>/, '<soap:body use="encoded"/>'),
  'R2201 R2210 R2204 R2205': (c) =>
    mutated(c, '<wsdl:part name="parameters" element="ao:VerifyLearner"/>', '<wsdl:part name="parameters" type="xs:string"/>'),
  R2716: (c) => mutated(c, /<soap:body use="literal"\/>/, '<soap:body use="literal" namespace="urn:x"/>'),
  R2710: (c) => mutated(c, 'element="ao:FindAchievement"', 'element="ao:VerifyLearner"'),
  'R2718 R2304': (c) =>
    mutated(
      c,
      '<wsdl:operation name="CancelBatchJob">\n      <soap:operation',
      '<wsdl:operation name="Cancel">\n      <soap:operation',
    ),
  'R2721 R2754': (c) =>
    mutated(c, /<soap:fault name="GatewayFault" use="literal"\/>/, '<soap:fault name="Other" use="literal"/>'),
  SOAPAction: (c) =>
    mutated(c, 'soapAction="urn:lrs-gateway:ao:1/FindAchievement"', 'soapAction="urn:lrs-gateway:ao:1/VerifyLearner"'),
  'reachable schemas': (c) => ({ ...c, references: c.references.map((r) => ({ ...r, location: 'xsd/ao/ao-gateway.xsd' })) }),
};

describe.each(eachDatabase())('WS-I Basic Profile 1.1 on %s', (_name, database) => {
  let running: RunningGateway;
  const contracts = new Map<string, ServedContract>();
  beforeAll(async () => {
    running = await startGateway({ database });
    for (const surface of SURFACES) contracts.set(surface, await fetchServedContract(running.baseUrl, surface));
  });
  afterAll(() => running.stop());

  describe('the description: each served WSDL and every schema it reaches', () => {
    const rows = SURFACES.flatMap((surface) =>
      DESCRIPTION_CHECKS.map((check) => [surface, check.id, check.what, check] as const),
    );
    test.each(rows)('%s %s: %s', (surface, _id, _what, check: DescriptionCheck) => {
      expect(check.check(contracts.get(surface) as ServedContract)).toEqual([]);
    });

    test('the checks cover every requirement they claim, each with a contract that breaks it', () => {
      expect(Object.keys(BREAKERS).sort()).toEqual(DESCRIPTION_CHECKS.map((c) => c.id).sort());
    });

    test.each(DESCRIPTION_CHECKS.map((c) => [c.id, c] as const))('%s catches a contract that breaks it', (id, check) => {
      const broken = BREAKERS[id](contracts.get('/soap/ao') as ServedContract);
      expect(check.check(broken).length).toBeGreaterThan(0);
    });
  });

  describe('the messages of the AO gateway', () => {
    const post = (body: string, soapAction: string) =>
      fetch(`${running.baseUrl}/soap/ao`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: soapAction },
        body,
      });
    const verify = (uln: string) =>
      envelope(aoVerifyLearner({ uln, givenName: 'James', familyName: 'Smith' }), passwordTextHeader('victor.vance'));

    const bodyOf = (xml: string): XmlNode => {
      const root = parseTree(xml);
      return childrenNamed(root, SOAP11, 'Body')[0];
    };
    const encodingStyles = (xml: string) =>
      descendants(parseTree(xml)).filter((n) => n.qualifiedAttrs[`{${SOAP11}}encodingStyle`]);

    test('R2744 R1109 R1111 R1014 R1005: the quoted soapAction of the WSDL is answered 200, text/xml, qualified body, no encodingStyle', async () => {
      const response = await post(verify('2000000087'), `"${AO_NS}/VerifyLearner"`);
      const text = await response.text();
      const body = bodyOf(text);
      expect({
        status: response.status,
        contentType: response.headers.get('content-type'),
        bodyChildren: body.children.map((c) => `{${c.ns}}${c.local}`),
        encodingStyles: encodingStyles(text).length,
      }).toEqual({
        status: 200,
        contentType: 'text/xml; charset=utf-8',
        bodyChildren: [`{${AO_NS}}VerifyLearnerResponse`],
        encodingStyles: 0,
      });
    });

    test('R1126 R1000 R1001 R1004: a fault comes with 500, and faultcode, faultstring and detail only, unqualified, faultcode in the SOAP namespace', async () => {
      const response = await post(verify('9999999999'), `"${AO_NS}/VerifyLearner"`);
      const text = await response.text();
      const fault = childrenNamed(bodyOf(text), SOAP11, 'Fault')[0];
      const [prefix, local] = childrenNamed(fault, '', 'faultcode')[0].text.split(':');
      expect({
        status: response.status,
        children: fault.children.map((c) => `{${c.ns}}${c.local}`),
        faultcode: `{${fault.scope[prefix]}}${local}`,
      }).toEqual({
        status: 500,
        children: ['{}faultcode', '{}faultstring', '{}detail'],
        faultcode: `{${SOAP11}}Client`,
      });
    });

    test('the soapAction tells operations apart: another operation’s soapAction is refused with SOAP_ACTION_MISMATCH', async () => {
      const response = await post(verify('2000000087'), `"${AO_NS}/FindAchievement"`);
      const fault = childrenNamed(bodyOf(await response.text()), SOAP11, 'Fault')[0];
      const code = descendants(fault).find((n) => n.ns === AO_NS && n.local === 'Code')?.text;
      expect({ status: response.status, code }).toEqual({ status: 500, code: 'SOAP_ACTION_MISMATCH' });
    });
  });
});
