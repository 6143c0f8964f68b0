import { eachDatabase } from '../support/databases';
import { gatewayUnderAttack, AO1_ORG_PASSWORD, codeIn, externalDetailCode, SAMPLE } from '../support/auth-attacks';
import type { RunningGateway } from '../support/running-gateway';
import {
  aoVerifyLearner,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordTextHeader,
  type SoapReply,
} from '../support/soap-messages';

const MARK = 'BYTES-GO-HERE';
const EXPLANATIONS: Record<string, RegExp> = {
  MESSAGE_MALFORMED: /bytes that are not UTF-8/,
  MESSAGE_ENCODING_UNSUPPORTED: /UTF-8 only: the XML declaration says encoding="ISO-8859-1"/,
};
const INVALID_UTF8 = Buffer.from([0xff, 0xfe]);
const EXTERNAL_NS = 'http://api.lrs.qcf.gov.uk/services';
const MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';

interface Surface {
  path: string;
  soapAction?: string;
  /** A request whose given name (or user name) holds MARK. */
  request: string;
  /** The code of the refusal, as the surface's fault carries it. */
  code(reply: SoapReply): string | undefined;
}

const AO: Surface = {
  path: '/soap/ao',
  request: envelope(aoVerifyLearner({ ...SAMPLE, givenName: `Sam${MARK}ple` }), passwordTextHeader('victor.vance')),
  code: codeIn,
};
const LRS: Surface = {
  path: '/LearnerService.svc',
  soapAction: '"http://tempuri.org/LearnerPortType/verifyLearner"',
  request: envelope(lrsVerifyLearner({ ...SAMPLE, givenName: `Sam${MARK}ple` })),
  code: (reply) => `${codeIn(reply)}`,
};
const EXTERNAL: Surface = {
  path: '/ExternalService.svc',
  request: envelope(
    `<ser:GetAchievementBatchJob xmlns:ser="${EXTERNAL_NS}" xmlns:mod="${MODEL_NS}"><ser:invokingUser>` +
      `<mod:OrgPassword>${AO1_ORG_PASSWORD}</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>` +
      `<mod:UserName>rita${MARK}.reeves</mod:UserName></ser:invokingUser><ser:jobId>999999</ser:jobId></ser:GetAchievementBatchJob>`,
  ),
  code: externalDetailCode,
};

/** The request with `bytes` where MARK is; `latin1`: declared ISO-8859-1 and encoded so. */
function requestBytes(surface: Surface, bytes: Buffer, latin1 = false): Buffer {
  const [before, after] = surface.request.split(MARK);
  if (!latin1) return Buffer.concat([Buffer.from(before, 'utf8'), bytes, Buffer.from(after, 'utf8')]);
  const declared = before.replace('encoding="utf-8"', 'encoding="ISO-8859-1"');
  return Buffer.concat([Buffer.from(declared, 'latin1'), bytes, Buffer.from(after, 'latin1')]);
}

async function post(running: RunningGateway, surface: Surface, body: Buffer): Promise<SoapReply> {
  const headers: Record<string, string> = { 'Content-Type': 'text/xml' };
  if (surface.soapAction) headers.SOAPAction = surface.soapAction;
  const response = await fetch(`${running.baseUrl}${surface.path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * Bytes that are not UTF-8 must be refused as a malformed message, never repaired to U+FFFD
 * (the repaired name then matched a learner), and a declared encoding other than UTF-8 is
 * refused outright (docs/decisions/0049-utf8-only-requests.md), on every SOAP surface.
 */
describe.each(eachDatabase())('character encoding attacks on %s', (_name, database) => {
  const attack = gatewayUnderAttack(database);
  const snapshot = attack.snapshot;

  const refusedAs = async (surface: Surface, body: Buffer, aoCode: string, lrsCode: string) => {
    const before = await snapshot();
    const reply = await post(attack.running, surface, body);
    expect(reply.status).toBe(500);
    expect(surface.code(reply)).toBe(surface === LRS ? lrsCode : aoCode);
    // The LRS fault has no room for our code: its FurtherDetails says which refusal it is.
    if (surface === LRS) expect(firstText(reply.body, 'FurtherDetails')).toMatch(EXPLANATIONS[aoCode]);
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  };

  it('[RT-ENCODING-01] Sam\\xff\\xfeple on /soap/ao is refused as malformed, not repaired to U+FFFD and matched', () =>
    refusedAs(AO, requestBytes(AO, INVALID_UTF8), 'MESSAGE_MALFORMED', 'WSEC0001'));

  it('[RT-ENCODING-02] Sam\\xff\\xfeple on /LearnerService.svc is refused as malformed (WSEC0001), not repaired and matched', () =>
    refusedAs(LRS, requestBytes(LRS, INVALID_UTF8), 'MESSAGE_MALFORMED', 'WSEC0001'));

  it('[RT-ENCODING-03] invalid UTF-8 in a user name on /ExternalService.svc is refused as malformed, not repaired', () =>
    refusedAs(EXTERNAL, requestBytes(EXTERNAL, INVALID_UTF8), 'MESSAGE_MALFORMED', 'WSEC0001'));

  it('[RT-ENCODING-04] an encoding="ISO-8859-1" request on /soap/ao is refused as an unsupported encoding, not read as UTF-8', () =>
    refusedAs(AO, requestBytes(AO, Buffer.from('ë', 'latin1'), true), 'MESSAGE_ENCODING_UNSUPPORTED', 'WSEC0001'));

  it('[RT-ENCODING-05] an encoding="ISO-8859-1" request on /LearnerService.svc is refused as an unsupported encoding', () =>
    refusedAs(LRS, requestBytes(LRS, Buffer.from('ë', 'latin1'), true), 'MESSAGE_ENCODING_UNSUPPORTED', 'WSEC0001'));

  it('[RT-ENCODING-06] an encoding="ISO-8859-1" request on /ExternalService.svc is refused as an unsupported encoding', () =>
    refusedAs(EXTERNAL, requestBytes(EXTERNAL, Buffer.from('ë', 'latin1'), true), 'MESSAGE_ENCODING_UNSUPPORTED', 'WSEC0001'));

  it('[RT-ENCODING-07] a Content-Type charset=ISO-8859-1 on /soap/ao is refused as an unsupported encoding', async () => {
    const before = await snapshot();
    const response = await fetch(`${attack.running.baseUrl}/soap/ao`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=ISO-8859-1' },
      body: requestBytes(AO, Buffer.from('ë', 'latin1')),
    });
    const reply = { status: response.status, body: await response.text(), headers: response.headers };
    expect([reply.status, codeIn(reply)]).toEqual([500, 'MESSAGE_ENCODING_UNSUPPORTED']);
    expect(await snapshot()).toEqual(before);
    await attack.stillServing();
  });
});
