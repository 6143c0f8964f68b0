import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

/** A key and certificate in PEM files, and the certificate's text. */
export interface Credential {
  certFile: string;
  keyFile: string;
  certificate: string;
}

/**
 * Certificates made by openssl for one test file: a server CA and the gateway's certificate for
 * 127.0.0.1, the client CA with MIS certificates of two organisations, one more it signs but
 * nobody registers, an expired one, and a certificate for the first organisation from a CA the
 * gateway does not trust.
 */
export interface TestPki {
  directory: string;
  serverCaFile: string;
  server: Credential;
  clientCaFile: string;
  clientCa: Credential;
  aob001: Credential;
  aob002: Credential;
  unregistered: Credential;
  /** Signed by the client CA for AOB001, like aob001: for the tests that revoke it. */
  revocable: Credential;
  expired: Credential;
  foreign: Credential;
  /** Settings for a gateway that serves HTTPS and asks for client certificates. */
  env(mode: 'certificate-and-password' | 'certificate'): Record<string, string>;
  remove(): void;
}

const openssl = (directory: string, ...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });

/** openssl arguments for a new P-256 key written to `name`.key (EC keys are quick to make). */
const newKey = (name: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`];

function authority(directory: string, name: string, subject: string): Credential {
  openssl(directory, 'req', '-x509', ...newKey(name), '-out', `${name}.pem`, '-days', '2', '-subj', subject);
  return credential(directory, name);
}

/** A leaf certificate signed by `ca`; `days` of -1 makes one that has already expired. */
function leaf(directory: string, ca: string, name: string, subject: string, extensions: string, days = 2): Credential {
  fs.writeFileSync(path.join(directory, `${name}.ext`), extensions);
  openssl(directory, 'req', ...newKey(name), '-out', `${name}.csr`, '-subj', subject);
  const signing = ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-days', String(days), '-extfile', `${name}.ext`];
  openssl(directory, 'x509', '-req', '-in', `${name}.csr`, ...signing, '-out', `${name}.pem`);
  return credential(directory, name);
}

function credential(directory: string, name: string): Credential {
  const certFile = path.join(directory, `${name}.pem`);
  return { certFile, keyFile: path.join(directory, `${name}.key`), certificate: fs.readFileSync(certFile, 'utf8') };
}

const CLIENT = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n';

export function makeTestPki(): TestPki {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-pki-'));
  const serverCa = authority(directory, 'server-ca', '/O=LRS Gateway Tests/CN=Server CA');
  const server = leaf(
    directory,
    'server-ca',
    'server',
    '/CN=127.0.0.1',
    'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  const clientCa = authority(directory, 'client-ca', '/O=LRS Gateway Tests/CN=MIS Client CA');
  authority(directory, 'foreign-ca', '/O=Somebody Else/CN=Untrusted CA');
  return {
    directory,
    serverCaFile: serverCa.certFile,
    server,
    clientCaFile: clientCa.certFile,
    clientCa,
    aob001: leaf(directory, 'client-ca', 'aob001', '/O=Compat Awarding Body One/OU=AOB001/CN=MIS', CLIENT),
    aob002: leaf(directory, 'client-ca', 'aob002', '/O=Compat Awarding Body Two/OU=AOB002/CN=MIS', CLIENT),
    unregistered: leaf(directory, 'client-ca', 'unregistered', '/O=Compat Awarding Body One/OU=AOB001/CN=Spare MIS', CLIENT),
    revocable: leaf(directory, 'client-ca', 'revocable', '/O=Compat Awarding Body One/OU=AOB001/CN=Second MIS', CLIENT),
    expired: leaf(directory, 'client-ca', 'expired', '/O=Compat Awarding Body One/OU=AOB001/CN=Old MIS', CLIENT, -1),
    foreign: leaf(directory, 'foreign-ca', 'foreign', '/O=Compat Awarding Body One/OU=AOB001/CN=MIS', CLIENT),
    env: (mode) => ({
      TLS_CERT_FILE: server.certFile,
      TLS_KEY_FILE: server.keyFile,
      TLS_CLIENT_CA_FILE: clientCa.certFile,
      CLIENT_AUTH_MODE: mode,
    }),
    remove: () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

/**
 * A CRL of the client CA revoking `revoked`, written to `file` (replaced whole, as a CA publishes
 * a new one). `nextUpdate` (YYYYMMDDHHMMSSZ) in the past makes one that has expired.
 */
export function writeClientCrl(pki: TestPki, file: string, revoked: Credential[], nextUpdate?: string): void {
  const work = fs.mkdtempSync(path.join(pki.directory, 'crl-'));
  fs.writeFileSync(path.join(work, 'index.txt'), '');
  fs.writeFileSync(
    path.join(work, 'ca.cnf'),
    `[ca]\ndefault_ca = client\n[client]\ndatabase = index.txt\ndefault_md = sha256\ndefault_crl_days = 2\n` +
      `certificate = ${pki.clientCa.certFile}\nprivate_key = ${pki.clientCa.keyFile}\n`,
  );
  for (const credential of revoked) openssl(work, 'ca', '-config', 'ca.cnf', '-revoke', credential.certFile);
  const dates = nextUpdate ? ['-crl_lastupdate', '20200101000000Z', '-crl_nextupdate', nextUpdate] : [];
  openssl(work, 'ca', '-config', 'ca.cnf', '-gencrl', ...dates, '-out', 'new.crl');
  fs.renameSync(path.join(work, 'new.crl'), file);
}

export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request, on a connection of its own, trusting the test server CA, with a client certificate or none. */
export function httpsRequest(
  url: string,
  options: { serverCaFile: string; client?: Credential; method?: string; headers?: Record<string, string>; body?: string },
): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers: options.headers,
        ca: fs.readFileSync(options.serverCaFile),
        cert: options.client ? fs.readFileSync(options.client.certFile) : undefined,
        key: options.client ? fs.readFileSync(options.client.keyFile) : undefined,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A call to the admin API over HTTPS (no client certificate: the admin API takes none), as a user with HTTP Basic. */
export async function adminOverHttps(
  baseUrl: string,
  serverCaFile: string,
  method: string,
  path: string,
  options: { user?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const reply = await httpsRequest(`${baseUrl}/admin${path}`, {
    serverCaFile,
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${options.user ?? 'olga.ortiz'}:Compat-Test-2026`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: reply.status, body: JSON.parse(reply.body) as Record<string, unknown> };
}
