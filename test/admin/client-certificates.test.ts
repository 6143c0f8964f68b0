import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { admin } from '../support/admin-client';
import { adminOverHttps, makeTestPki, type TestPki } from '../support/test-certificates';

describe.each(eachDatabase())('the operator’s register of client certificates, on %s', (_name, database) => {
  let pki: TestPki;
  let running: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    running = await startGateway({ database, env: pki.env('certificate-and-password') });
  });
  afterAll(async () => {
    await running.stop();
    pki.remove();
  });

  const call = (method: string, path: string, body?: unknown, user?: string) =>
    adminOverHttps(running.baseUrl, pki.serverCaFile, method, path, { body, user });
  const register = (ukprn: string, certificate: string, user?: string) =>
    call('POST', `/organisations/${ukprn}/client-certificates`, { certificate }, user);

  test('registers a certificate under the SHA-256 fingerprint openssl gives it, with what the operator needs to know', async () => {
    const reply = await register('10099901', pki.aob001.certificate);
    expect(reply.status).toBe(201);
    const openssl = execFileSync('openssl', ['x509', '-in', pki.aob001.certFile, '-noout', '-fingerprint', '-sha256'], {
      encoding: 'utf8',
    });
    const expected = openssl.split('=')[1].trim().replace(/:/g, '').toLowerCase();
    expect(reply.body).toMatchObject({
      fingerprint: expected,
      organisationUkprn: '10099901',
      subject: 'O=Compat Awarding Body One, OU=AOB001, CN=MIS',
      issuer: 'O=LRS Gateway Tests, CN=MIS Client CA',
      registeredBy: 'olga.ortiz',
    });
    const listed = await call('GET', '/organisations/10099901/client-certificates');
    expect(listed.body.certificates).toEqual([reply.body]);
  });

  test('refuses the same certificate twice, for any organisation', async () => {
    expect((await register('10099901', pki.aob001.certificate)).body.error?.code).toBe('CLIENT_CERTIFICATE_EXISTS');
    expect((await register('10099902', pki.aob001.certificate)).status).toBe(409);
  });

  test.each([
    ['an expired certificate', () => pki.expired.certificate, /valid from .* not now/],
    ['a certificate of another CA', () => pki.foreign.certificate, /not by the client CA/],
    ['a CA certificate', () => pki.clientCa.certificate, /CA certificate/],
    [
      'a private key with the certificate',
      () => pki.aob002.certificate + fs.readFileSync(pki.aob002.keyFile, 'utf8'),
      /private key/,
    ],
    ['two certificates', () => pki.aob002.certificate + pki.unregistered.certificate, /exactly one certificate/],
    ['text that is no certificate', () => 'hello', /exactly one certificate/],
    [
      'a PEM block that does not parse',
      () => '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
      /not an X\.509 certificate/,
    ],
  ])('refuses %s with CLIENT_CERTIFICATE_INVALID and the reason', async (_case, certificate, reason) => {
    const reply = await register('10099902', certificate());
    expect(reply.status).toBe(400);
    expect(reply.body.error?.code).toBe('CLIENT_CERTIFICATE_INVALID');
    expect(reply.body.error?.message).toMatch(reason);
  });

  test('only operators manage certificates, and only of organisations that exist', async () => {
    expect((await register('10099901', pki.aob002.certificate, 'alice.archer')).body.error?.code).toBe('ROLE_REQUIRED');
    expect((await register('10000000', pki.aob002.certificate)).body.error?.code).toBe('ORGANISATION_NOT_FOUND');
    expect((await call('POST', '/organisations/10099901/client-certificates', { pem: 'x' })).body.error?.code).toBe(
      'REQUEST_INVALID',
    );
  });

  test('removes a certificate by the fingerprint as openssl prints it; removing it again is NOT_FOUND', async () => {
    const registered = await register('10099902', pki.aob002.certificate);
    const fingerprint = String(registered.body.fingerprint)
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:');
    expect((await call('DELETE', `/organisations/10099901/client-certificates/${fingerprint}`)).body.error?.code).toBe(
      'CLIENT_CERTIFICATE_NOT_FOUND',
    );
    const removed = await call('DELETE', `/organisations/10099902/client-certificates/${fingerprint}`);
    expect(removed.status).toBe(200);
    expect(removed.body.fingerprint).toBe(registered.body.fingerprint);
    expect((await call('GET', '/organisations/10099902/client-certificates')).body.certificates).toEqual([]);
    expect((await call('DELETE', `/organisations/10099902/client-certificates/${fingerprint}`)).status).toBe(404);
  });

  test('every registration and removal is in the audit trail', async () => {
    await running.gateway.audit.flush();
    const rows: { operation: string; subject: string; username: string }[] = await running.gateway.dataSource.query(
      "SELECT operation, subject, username FROM audit_entries WHERE operation LIKE '%ClientCertificate' ORDER BY id",
    );
    expect(rows).toEqual([
      { operation: 'RegisterClientCertificate', subject: '10099901', username: 'olga.ortiz' },
      { operation: 'RegisterClientCertificate', subject: '10099902', username: 'olga.ortiz' },
      { operation: 'RemoveClientCertificate', subject: '10099902', username: 'olga.ortiz' },
    ]);
  });
});

describe('registering without a client CA configured (passwords only, preparing a switch)', () => {
  let pki: TestPki;
  let running: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    running = await startGateway();
  });
  afterAll(async () => {
    await running.stop();
    pki.remove();
  });

  test('accepts a certificate of any CA, since none is configured to check it against', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/organisations/10099901/client-certificates', {
      user: 'olga.ortiz',
      body: { certificate: pki.foreign.certificate },
    });
    expect(reply.status).toBe(201);
  });
});
