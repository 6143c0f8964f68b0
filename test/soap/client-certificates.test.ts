import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerifyLearner, COMPAT_PASSWORD, envelope, firstText, lrsVerifyLearner } from '../support/soap-messages';
import { adminOverHttps, type Credential, httpsRequest, makeTestPki, type TestPki } from '../support/test-certificates';

const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const AOB001 = { ukprn: '10099901', orgPassword: 'AO1WebService#01', userName: 'victor.vance' };
const basic = (user: string, password = COMPAT_PASSWORD) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A gateway serving HTTPS in one CLIENT_AUTH_MODE, with the certificates of AOB001 and AOB002 registered by the operator. */
function certificateGateway(mode: 'certificate-and-password' | 'certificate', database: Parameters<typeof startGateway>[0]) {
  const context = { pki: undefined as unknown as TestPki, running: undefined as unknown as RunningGateway };
  beforeAll(async () => {
    context.pki = makeTestPki();
    context.running = await startGateway({ ...database, env: context.pki.env(mode) });
    for (const [ukprn, credential] of [
      ['10099901', context.pki.aob001],
      ['10099902', context.pki.aob002],
    ] as const) {
      const reply = await operator(context, 'POST', `/organisations/${ukprn}/client-certificates`, {
        certificate: credential.certificate,
      });
      expect(reply.status).toBe(201);
    }
  });
  afterAll(async () => {
    await context.running.stop();
    context.pki.remove();
  });
  return context;
}

type Context = { pki: TestPki; running: RunningGateway };

const operator = (context: Context, method: string, path: string, body?: unknown) =>
  adminOverHttps(context.running.baseUrl, context.pki.serverCaFile, method, path, { body });

/** verifyLearner on the LRS-compatible service: the response code, or the fault's WSEC code and its details. */
async function lrsCall(
  context: Context,
  client: Credential | undefined,
  credentials: Parameters<typeof lrsVerifyLearner>[1] = AOB001,
) {
  const reply = await httpsRequest(`${context.running.baseUrl}/LearnerService.svc`, {
    serverCaFile: context.pki.serverCaFile,
    client,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: envelope(lrsVerifyLearner(SAMPLE, credentials)),
  });
  return (
    firstText(reply.body, 'ResponseCode') ?? `${firstText(reply.body, 'ErrorCode')} ${firstText(reply.body, 'FurtherDetails')}`
  );
}

/** VerifyLearner on the AO gateway, user named by HTTP Basic: the response code, or the fault's stable code. */
async function aoCall(context: Context, client: Credential | undefined, authorization = basic('victor.vance')) {
  const reply = await httpsRequest(`${context.running.baseUrl}/soap/ao`, {
    serverCaFile: context.pki.serverCaFile,
    client,
    headers: { 'Content-Type': 'text/xml; charset=utf-8', Authorization: authorization },
    body: envelope(aoVerifyLearner(SAMPLE)),
  });
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code');
}

describe.each(eachDatabase())('CLIENT_AUTH_MODE=certificate-and-password, on %s', (_name, database) => {
  const context = certificateGateway('certificate-and-password', { database });

  test('the organisation’s registered certificate and its credentials are let in, on both kinds of surface', async () => {
    expect(await lrsCall(context, context.pki.aob001)).toBe('WSVRC001');
    expect(await aoCall(context, context.pki.aob001)).toBe('WSVRC001');
  });

  test('without a certificate the call is refused before any password is tried', async () => {
    expect(await aoCall(context, undefined)).toBe('CLIENT_CERTIFICATE_REQUIRED');
    expect(await lrsCall(context, undefined)).toMatch(/^WSEC0003 .*No client certificate was sent/);
    // A wrong password without a certificate does not count towards the lockout.
    for (let i = 0; i < 4; i++)
      expect(await aoCall(context, undefined, basic('victor.vance', 'Wrong-Pass-1'))).toBe('CLIENT_CERTIFICATE_REQUIRED');
    expect(await aoCall(context, context.pki.aob001)).toBe('WSVRC001');
  });

  test('a certificate from a CA the gateway does not trust is refused, though its subject copies a registered one', async () => {
    expect(await aoCall(context, context.pki.foreign)).toBe('CLIENT_CERTIFICATE_UNTRUSTED');
    expect(await lrsCall(context, context.pki.foreign)).toMatch(/^WSEC0005 .*UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  test('an expired certificate is refused', async () => {
    expect(await aoCall(context, context.pki.expired)).toBe('CLIENT_CERTIFICATE_EXPIRED');
    expect(await lrsCall(context, context.pki.expired)).toMatch(/^WSEC0005 .*CERT_HAS_EXPIRED/);
  });

  test('a trusted certificate that no organisation has registered is refused', async () => {
    expect(await aoCall(context, context.pki.unregistered)).toBe('CLIENT_CERTIFICATE_UNKNOWN');
  });

  test('another organisation’s certificate is refused, even with valid credentials', async () => {
    expect(await aoCall(context, context.pki.aob002)).toBe('CLIENT_CERTIFICATE_ORGANISATION_MISMATCH');
    expect(await lrsCall(context, context.pki.aob002)).toMatch(/^WSEC0006 /);
    expect(await aoCall(context, context.pki.aob002, basic('nadia.novak'))).toBe('WSVRC001');
  });

  test('passwords are still checked', async () => {
    expect(await lrsCall(context, context.pki.aob001, { ...AOB001, orgPassword: 'XX1WebService#01' })).toMatch(/^WSEC0005 /);
    expect(await aoCall(context, context.pki.aob001, basic('quentin.quinn', 'Wrong-Pass-1'))).toBe('AUTH_FAILED');
  });

  test('refusals are in the audit trail with their code', async () => {
    await context.running.gateway.audit.flush();
    const rows: { outcome: string }[] = await context.running.gateway.dataSource.query(
      "SELECT DISTINCT outcome FROM audit_entries WHERE outcome LIKE 'CLIENT_CERTIFICATE_%'",
    );
    expect(rows.map((r) => r.outcome).sort()).toEqual([
      'CLIENT_CERTIFICATE_EXPIRED',
      'CLIENT_CERTIFICATE_ORGANISATION_MISMATCH',
      'CLIENT_CERTIFICATE_REQUIRED',
      'CLIENT_CERTIFICATE_UNKNOWN',
      'CLIENT_CERTIFICATE_UNTRUSTED',
    ]);
  });

  test('health, readiness, the WSDL and the admin API answer without a certificate; the WSDL gives the https address', async () => {
    const get = (path: string) => httpsRequest(`${context.running.baseUrl}${path}`, { serverCaFile: context.pki.serverCaFile });
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    const wsdl = await get('/LearnerService.svc?wsdl');
    expect(wsdl.body).toContain(`location="${context.running.baseUrl}/LearnerService.svc"`);
    expect((await operator(context, 'GET', '/organisations/10099901/client-certificates')).status).toBe(200);
  });

  test('once the operator removes a certificate, the next call with it is refused', async () => {
    const { body } = await operator(context, 'GET', '/organisations/10099902/client-certificates');
    const [registered] = body.certificates as { fingerprint: string }[];
    expect(
      (await operator(context, 'DELETE', `/organisations/10099902/client-certificates/${registered.fingerprint}`)).status,
    ).toBe(200);
    expect(await aoCall(context, context.pki.aob002, basic('nadia.novak'))).toBe('CLIENT_CERTIFICATE_UNKNOWN');
  });
});

describe.each(eachDatabase())('CLIENT_AUTH_MODE=certificate, on %s', (_name, database) => {
  const context = certificateGateway('certificate', { database });

  test('the certificate stands in for the passwords: the named user of its organisation is let in', async () => {
    expect(await lrsCall(context, context.pki.aob001, { ...AOB001, orgPassword: 'not-the-password' })).toBe('WSVRC001');
    expect(await aoCall(context, context.pki.aob001, basic('victor.vance', ''))).toBe('WSVRC001');
  });

  test('a user of another organisation, or another organisation named in the body, is refused', async () => {
    expect(await aoCall(context, context.pki.aob001, basic('nadia.novak', ''))).toBe('CLIENT_CERTIFICATE_ORGANISATION_MISMATCH');
    expect(await lrsCall(context, context.pki.aob001, { ...AOB001, ukprn: '10099902' })).toMatch(/^WSEC0006 /);
    expect(await lrsCall(context, context.pki.aob002)).toMatch(/^WSEC0006 /);
  });

  test('the call must still name a user, who must exist and may use the operation', async () => {
    expect(await aoCall(context, context.pki.aob001, '')).toBe('AUTH_REQUIRED');
    expect(await aoCall(context, context.pki.aob001, basic('nobody.here', ''))).toBe('AUTH_FAILED');
    expect(await aoCall(context, context.pki.aob001, basic('rita.reeves', ''))).toBe('ROLE_REQUIRED');
  });

  test('no certificate, an untrusted one or an expired one is refused as in the other mode', async () => {
    expect(await aoCall(context, undefined)).toBe('CLIENT_CERTIFICATE_REQUIRED');
    expect(await aoCall(context, context.pki.foreign)).toBe('CLIENT_CERTIFICATE_UNTRUSTED');
    expect(await aoCall(context, context.pki.expired)).toBe('CLIENT_CERTIFICATE_EXPIRED');
  });
});

describe('HTTPS with passwords only (no client CA)', () => {
  let pki: TestPki;
  let running: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    running = await startGateway({ env: { TLS_CERT_FILE: pki.server.certFile, TLS_KEY_FILE: pki.server.keyFile } });
  });
  afterAll(async () => {
    await running.stop();
    pki.remove();
  });

  test('serves the SOAP surfaces over HTTPS and asks for no certificate', async () => {
    expect(running.baseUrl.startsWith('https://')).toBe(true);
    expect(await aoCall({ pki, running }, undefined)).toBe('WSVRC001');
    expect(await aoCall({ pki, running }, pki.aob001, basic('victor.vance', 'Wrong-Pass-1'))).toBe('AUTH_FAILED');
  });
});
