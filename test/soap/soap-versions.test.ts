import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { fetchServedContract } from '../support/served-contract';
import { passwordTextHeader } from '../support/soap-messages';
import { childrenNamed, descendants, parseTree, type XmlNode } from '../support/xml-tree';
import { runZeepScript } from '../support/zeep-script';

/**
 * SOAP 1.2 is not served (docs/decisions/0005-soap-1-1-only.md): every surface speaks SOAP 1.1
 * only, its WSDL declares no SOAP 1.2 binding, and a SOAP 1.2 request is answered with a SOAP
 * 1.2 VersionMismatch fault that names SOAP 1.1 in the Upgrade header, so that a SOAP 1.2
 * stack can read why (a 1.1 envelope would only give it a content-type or parse error).
 * The JAX-WS SOAP 1.2 client is in test/soap/generated-clients.test.ts.
 */

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSDL_SOAP12_BINDING = 'http://schemas.xmlsoap.org/wsdl/soap12/';

interface Surface {
  path: string;
  action: string;
  body: string;
  detail: { entry: string; code: string; codeElement: string };
  /** Where the surface says why: the reason itself, or (MIAPAPIException, whose faultstring is fixed) FurtherDetails. */
  explanationIn: 'reason' | '{}FurtherDetails';
}

const SURFACES: Surface[] = [
  {
    path: '/soap/ao',
    action: 'urn:lrs-gateway:ao:1/VerifyLearner',
    body:
      '<ao:VerifyLearner xmlns:ao="urn:lrs-gateway:ao:1"><ao:ULN>2000000087</ao:ULN>' +
      '<ao:GivenName>James</ao:GivenName><ao:FamilyName>Smith</ao:FamilyName></ao:VerifyLearner>',
    detail: {
      entry: '{urn:lrs-gateway:ao:1}GatewayFault',
      code: 'SOAP_VERSION_MISMATCH',
      codeElement: '{urn:lrs-gateway:ao:1}Code',
    },
    explanationIn: 'reason',
  },
  {
    path: '/LearnerService.svc',
    action: 'http://tempuri.org/LearnerPortType/verifyLearner',
    body:
      '<rep:VerifyLearner xmlns:rep="http://api.lrs.miap.gov.uk/reportmsg"><UKPRN>10099901</UKPRN>' +
      '<OrgPassword>AO1WebService#01</OrgPassword><UserName>victor.vance</UserName><LearnerToVerify>' +
      '<ULN>2000000087</ULN><FamilyName>Smith</FamilyName><GivenName>James</GivenName></LearnerToVerify></rep:VerifyLearner>',
    detail: { entry: '{http://api.lrs.miap.gov.uk/exceptions}MIAPAPIException', code: 'WSEC0001', codeElement: '{}ErrorCode' },
    explanationIn: '{}FurtherDetails',
  },
  {
    path: '/ExternalService.svc',
    action: 'http://api.lrs.qcf.gov.uk/services/IExternalService/GetAchievementBatchJob',
    body:
      '<s:GetAchievementBatchJob xmlns:s="http://api.lrs.qcf.gov.uk/services" xmlns:m="http://api.lrs.qcf.gov.uk/model">' +
      '<s:invokingUser><m:OrgPassword>AO1WebService#01</m:OrgPassword><m:OrganisationRef>AOB001</m:OrganisationRef>' +
      '<m:UserName>rita.reeves</m:UserName></s:invokingUser><s:jobId>1</s:jobId></s:GetAchievementBatchJob>',
    detail: {
      entry: '{http://api.lrs.qcf.gov.uk/faults}DomainFault',
      code: 'WSEC0001',
      codeElement: '{http://api.lrs.qcf.gov.uk/faults}ErrorCode',
    },
    explanationIn: 'reason',
  },
];

const name = (node: XmlNode) => `{${node.ns}}${node.local}`;

/** The Upgrade header's supported envelopes, as `{namespace}local` (SOAP 1.2 part 1, 5.4.7). */
function supportedEnvelopes(envelope: XmlNode, envelopeNs: string): string[] {
  const header = childrenNamed(envelope, envelopeNs, 'Header')[0];
  const upgrade = header ? childrenNamed(header, SOAP12, 'Upgrade')[0] : undefined;
  return (upgrade ? childrenNamed(upgrade, SOAP12, 'SupportedEnvelope') : []).map((s) => {
    const [prefix, local] = s.attrs.qname.split(':');
    return `{${s.scope[prefix]}}${local}`;
  });
}

/** The Fault of a SOAP 1.2 reply in the shape the expectations are written in. */
function soap12Fault(xml: string, surface: Surface) {
  const envelope = parseTree(xml);
  const body = childrenNamed(envelope, SOAP12, 'Body')[0];
  const fault = childrenNamed(body, SOAP12, 'Fault')[0];
  const value = childrenNamed(childrenNamed(fault, SOAP12, 'Code')[0], SOAP12, 'Value')[0].text.trim();
  const [prefix, local] = value.split(':');
  const reason = childrenNamed(childrenNamed(fault, SOAP12, 'Reason')[0], SOAP12, 'Text')[0];
  const entry = childrenNamed(fault, SOAP12, 'Detail')[0]?.children[0];
  return {
    envelope: name(envelope),
    code: `{${fault.scope[prefix]}}${local}`,
    reason: reason.text,
    reasonLanguage: reason.qualifiedAttrs['{http://www.w3.org/XML/1998/namespace}lang'],
    upgrade: supportedEnvelopes(envelope, SOAP12),
    detailEntry: entry ? name(entry) : undefined,
    detailCode: entry ? descendants(entry).find((n) => name(n) === surface.detail.codeElement)?.text : undefined,
    explanation:
      surface.explanationIn === 'reason'
        ? reason.text
        : entry && descendants(entry).find((n) => name(n) === surface.explanationIn)?.text,
  };
}

async function audited(running: RunningGateway, correlationId: string): Promise<string[]> {
  for (let attempt = 0; attempt < 8; attempt++) {
    await running.gateway.audit.flush();
    const rows: { outcome: string }[] = await running.gateway.dataSource.query(
      'SELECT outcome FROM audit_entries WHERE correlation_id = ? ORDER BY id',
      [correlationId],
    );
    if (rows.length > 0) return rows.map((r) => r.outcome);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return [];
}

describe.each(eachDatabase())('SOAP versions on %s: SOAP 1.1 only, and a SOAP 1.2 caller is told so', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test.each(SURFACES.map((s) => [s.path, s] as const))('%s declares only SOAP 1.1 bindings in its WSDL', async (surfacePath) => {
    const { wsdl } = await fetchServedContract(running.baseUrl, surfacePath);
    const namespacesUsed = new Set(descendants(wsdl.tree).map((n) => n.ns));
    expect(namespacesUsed.has(WSDL_SOAP12_BINDING)).toBe(false);
    expect(namespacesUsed.has('http://schemas.xmlsoap.org/wsdl/soap/')).toBe(true);
  });

  test.each(SURFACES.map((s) => [s.path, s] as const))(
    '%s answers a SOAP 1.2 request with a SOAP 1.2 VersionMismatch fault naming SOAP 1.1 as the supported envelope',
    async (surfacePath, surface) => {
      const correlationId = `soap12-${surface.path.replace(/\W/g, '')}-${Date.now()}`;
      const header = surface.path === '/soap/ao' ? `<env:Header>${passwordTextHeader('victor.vance')}</env:Header>` : '';
      const response = await fetch(`${running.baseUrl}${surfacePath}`, {
        method: 'POST',
        headers: {
          'content-type': `application/soap+xml; charset=utf-8; action="${surface.action}"`,
          'x-correlation-id': correlationId,
        },
        body: `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${SOAP12}">${header}<env:Body>${surface.body}</env:Body></env:Envelope>`,
      });
      const text = await response.text();
      expect({
        status: response.status,
        contentType: response.headers.get('content-type'),
        fault: soap12Fault(text, surface),
        audit: await audited(running, correlationId),
      }).toEqual({
        status: 500,
        contentType: 'application/soap+xml; charset=utf-8',
        fault: {
          envelope: `{${SOAP12}}Envelope`,
          code: `{${SOAP12}}VersionMismatch`,
          reason: expect.any(String),
          reasonLanguage: 'en',
          explanation: expect.stringContaining(`speaks SOAP 1.1 only (${SOAP11}, Content-Type text/xml)`),
          upgrade: [`{${SOAP11}}Envelope`],
          detailEntry: surface.detail.entry,
          detailCode: surface.detail.code,
        },
        audit: ['SOAP_VERSION_MISMATCH'],
      });
    },
  );

  test('a document that is not a SOAP envelope at all gets a SOAP 1.1 VersionMismatch fault with the same Upgrade header', async () => {
    const response = await fetch(`${running.baseUrl}/soap/ao`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: '<?xml version="1.0"?><Envelope xmlns="urn:example:not-soap"><Body/></Envelope>',
    });
    const envelope = parseTree(await response.text());
    const fault = childrenNamed(childrenNamed(envelope, SOAP11, 'Body')[0], SOAP11, 'Fault')[0];
    const faultcode = childrenNamed(fault, '', 'faultcode')[0].text.split(':');
    expect({
      status: response.status,
      contentType: response.headers.get('content-type'),
      faultcode: `{${fault.scope[faultcode[0]]}}${faultcode[1]}`,
      upgrade: supportedEnvelopes(envelope, SOAP11),
    }).toEqual({
      status: 500,
      contentType: 'text/xml; charset=utf-8',
      faultcode: `{${SOAP11}}VersionMismatch`,
      upgrade: [`{${SOAP11}}Envelope`],
    });
  });

  test('zeep on a SOAP 1.2 binding gets a fault it can read: VersionMismatch, the reason and the gateway code', async () => {
    const stdout = await runZeepScript('soap12_version_mismatch_zeep.py', [running.baseUrl], 60_000);
    expect(JSON.parse(stdout)).toEqual({
      fault: {
        code: 'env:VersionMismatch',
        message: expect.stringMatching(/^SOAP_VERSION_MISMATCH: This endpoint speaks SOAP 1\.1 only/),
        detailCode: 'SOAP_VERSION_MISMATCH',
      },
    });
  });
});
