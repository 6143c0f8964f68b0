import fs from 'node:fs';
import path from 'node:path';
import { createWebServer, reloadTlsOnChange } from '../../src/platform/http/server';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { aoVerifyLearner, envelope, firstText } from '../support/soap-messages';
import {
  adminOverHttps,
  type Credential,
  httpsRequest,
  makeTestPki,
  type TestPki,
  writeClientCrl,
} from '../support/test-certificates';
import { testConfig } from '../support/test-config';

/**
 * TLS_CLIENT_CRL_FILE: the client CA's revocation list, checked in every handshake, and taken up
 * without a restart when the CA publishes a new one (TLS_RELOAD_SECONDS).
 */

const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const BASIC = `Basic ${Buffer.from('victor.vance:Compat-Test-2026').toString('base64')}`;

describe('client certificates revoked by the CA', () => {
  let pki: TestPki;
  let running: RunningGateway;
  let crlFile: string;
  const reloads: string[] = [];
  let stopReloading: () => void;

  /** VerifyLearner on the AO gateway: the response code, or the fault's code and reason. */
  async function call(client: Credential): Promise<string> {
    const reply = await httpsRequest(`${running.baseUrl}/soap/ao`, {
      serverCaFile: pki.serverCaFile,
      client,
      headers: { 'Content-Type': 'text/xml; charset=utf-8', Authorization: BASIC },
      body: envelope(aoVerifyLearner(SAMPLE)),
    });
    return firstText(reply.body, 'ResponseCode') ?? `${firstText(reply.body, 'Code')} ${firstText(reply.body, 'faultstring')}`;
  }

  /** Replaces the CRL file and waits until the gateway has reported taking it up, or failing to. */
  async function publish(write: () => void): Promise<string> {
    const before = reloads.length;
    write();
    for (let waited = 0; reloads.length === before; waited += 20) {
      if (waited > 5000) throw new Error('the gateway did not look at the new CRL');
      await new Promise((r) => setTimeout(r, 20));
    }
    return reloads[reloads.length - 1];
  }

  beforeAll(async () => {
    pki = makeTestPki();
    crlFile = path.join(pki.directory, 'client-ca.crl');
    writeClientCrl(pki, crlFile, [pki.revocable]);
    running = await startGateway({ env: { ...pki.env('certificate-and-password'), TLS_CLIENT_CRL_FILE: crlFile } });
    for (const [ukprn, credential] of [
      ['10099901', pki.aob001],
      ['10099901', pki.revocable],
      ['10099902', pki.aob002],
    ] as const) {
      const reply = await adminOverHttps(
        running.baseUrl,
        pki.serverCaFile,
        'POST',
        `/organisations/${ukprn}/client-certificates`,
        {
          body: { certificate: credential.certificate },
        },
      );
      expect(reply.status).toBe(201);
    }
    stopReloading = reloadTlsOnChange(running.server, running.gateway.config, 50, (outcome) =>
      reloads.push(outcome.reloaded ? 'reloaded' : `kept: ${outcome.error}`),
    );
  });
  afterAll(async () => {
    stopReloading();
    await running.stop();
    pki.remove();
  });

  test('a revoked certificate is refused with its own code, though registered; the others are let in', async () => {
    expect(await call(pki.revocable)).toMatch(/^CLIENT_CERTIFICATE_REVOKED /);
    expect(await call(pki.aob001)).toBe('WSVRC001');
  });

  test('a new CRL is taken up without a restart: a certificate revoked since is refused from then on', async () => {
    expect(await publish(() => writeClientCrl(pki, crlFile, [pki.revocable, pki.aob001]))).toBe('reloaded');
    expect(await call(pki.aob001)).toMatch(/^CLIENT_CERTIFICATE_REVOKED /);
    expect(await call(pki.revocable)).toMatch(/^CLIENT_CERTIFICATE_REVOKED /);
  });

  test('a CRL file that cannot be used leaves the last good one in force, and says so', async () => {
    const outcome = await publish(() => fs.writeFileSync(crlFile, 'not a CRL\n'));
    expect(outcome).toMatch(/^kept: the TLS files cannot be used/);
    expect(await call(pki.aob001)).toMatch(/^CLIENT_CERTIFICATE_REVOKED /);
    // AOB002's certificate still passes the TLS checks (it is then refused for the AOB001 user's call).
    expect(await call(pki.aob002)).toMatch(/^CLIENT_CERTIFICATE_ORGANISATION_MISMATCH /);
  });

  test('a CRL past its next update refuses every certificate (the stricter reading), until a fresh one comes', async () => {
    expect(await publish(() => writeClientCrl(pki, crlFile, [], '20200201000000Z'))).toBe('reloaded');
    expect(await call(pki.aob002)).toMatch(/^CLIENT_CERTIFICATE_UNTRUSTED .*CRL_HAS_EXPIRED/);
    expect(await publish(() => writeClientCrl(pki, crlFile, []))).toBe('reloaded');
    expect(await call(pki.aob001)).toBe('WSVRC001');
    expect(await call(pki.revocable)).toBe('WSVRC001');
  });

  test('a CRL file that cannot be used stops the start with a message naming it', () => {
    const bad = path.join(pki.directory, 'bad.crl');
    fs.writeFileSync(bad, 'not a CRL\n');
    const settings = (file: string) => testConfig({ ...pki.env('certificate'), TLS_CLIENT_CRL_FILE: file });
    expect(() => createWebServer(running.gateway.app, settings(bad))).toThrow(/^the TLS files cannot be used: /);
    expect(() => createWebServer(running.gateway.app, settings(path.join(pki.directory, 'absent.crl')))).toThrow(
      /^TLS_CLIENT_CRL_FILE .*absent\.crl cannot be read: ENOENT/,
    );
  });
});
