import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { adminOverHttps, type Credential, makeTestPki, type TestPki } from '../support/test-certificates';

const execFileAsync = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', 'interop', 'verify_learner_mtls.php');

/**
 * PHP's SoapClient, as a PHP MIS built for the real LRS uses it (a PEM client certificate in the
 * stream context), against the gateway in CLIENT_AUTH_MODE=certificate-and-password. CI installs
 * php-cli and php-soap; without them this fails, it never skips.
 */
describe('a PHP SoapClient MIS with a client certificate', () => {
  let pki: TestPki;
  let running: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    running = await startGateway({ env: pki.env('certificate-and-password') });
    const registered = await adminOverHttps(
      running.baseUrl,
      pki.serverCaFile,
      'POST',
      '/organisations/10099901/client-certificates',
      {
        body: { certificate: pki.aob001.certificate },
      },
    );
    expect(registered.status).toBe(201);
  });
  afterAll(async () => {
    await running.stop();
    pki.remove();
  });

  async function php(client?: Credential): Promise<Record<string, unknown>> {
    const args = [SCRIPT, running.baseUrl, pki.serverCaFile, ...(client ? [client.certFile, client.keyFile] : [])];
    const { stdout } = await execFileAsync('php', args, { timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  test('verifies a learner with its registered certificate', async () => {
    expect(await php(pki.aob001)).toEqual({ responseCode: 'WSVRC001' });
  });

  test('gets a MIAPAPIException naming the reason without a certificate, or with an expired one', async () => {
    expect(await php()).toMatchObject({ fault: { code: 'WSEC0003', details: expect.stringContaining('No client certificate') } });
    expect(await php(pki.expired)).toMatchObject({
      fault: { code: 'WSEC0005', details: expect.stringContaining('CERT_HAS_EXPIRED') },
    });
  });
});
