import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Express } from 'express';
import type { Config } from '../../config';

export type WebServer = http.Server | https.Server;

type TlsSettings = Pick<Config, 'tlsCertFile' | 'tlsKeyFile' | 'tlsClientCaFile' | 'tlsClientCrlFile'>;

/** HTTPS when a certificate and key are configured, plain HTTP otherwise (behind a TLS-terminating proxy, or in development). */
export function createWebServer(app: Express, settings: TlsSettings): WebServer {
  const options = tlsServerOptions(settings);
  return options ? https.createServer(options, app) : http.createServer(app);
}

/**
 * The real LRS authenticates MIS systems with client certificates over HTTPS (docs/contracts.md, "Authentication"). With a client CA configured, every TLS handshake asks for a certificate signed by it,
 * but one that is missing, expired or from another CA does not end the handshake: the SOAP
 * front door refuses the call with a fault naming the reason (ClientCertificateGate), the way
 * IIS answers 403.7/403.16/403.17, and /healthz, ?wsdl and the admin API still answer.
 */
export function tlsServerOptions(settings: TlsSettings): https.ServerOptions | undefined {
  if (!settings.tlsCertFile || !settings.tlsKeyFile) return undefined;
  const options: https.ServerOptions = {
    cert: readPem('TLS_CERT_FILE', settings.tlsCertFile),
    key: readPem('TLS_KEY_FILE', settings.tlsKeyFile),
    minVersion: 'TLSv1.2',
  };
  if (settings.tlsClientCaFile) {
    options.ca = readPem('TLS_CLIENT_CA_FILE', settings.tlsClientCaFile);
    options.requestCert = true;
    options.rejectUnauthorized = false;
  }
  // With a CRL, OpenSSL checks the caller's certificate against it: CERT_REVOKED, and, stricter,
  // CRL_HAS_EXPIRED once the CRL is past its next update or UNABLE_TO_GET_CRL for a CA without one.
  if (settings.tlsClientCrlFile) options.crl = readPem('TLS_CLIENT_CRL_FILE', settings.tlsClientCrlFile);
  try {
    tls.createSecureContext(options);
  } catch (error) {
    throw new Error(`the TLS files cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  return options;
}

/**
 * Looks at the TLS files every `intervalMs` and, when one has changed (a renewed certificate, a
 * new CRL), gives new connections a context made from them; open connections keep theirs. Files
 * that cannot be used leave the running context as it was, and the report says why.
 */
export function reloadTlsOnChange(
  server: WebServer,
  settings: TlsSettings,
  intervalMs: number,
  report: (outcome: { reloaded: true } | { reloaded: false; error: string }) => void,
): () => void {
  if (!(server instanceof https.Server) || intervalMs <= 0) return () => undefined;
  const files = [settings.tlsCertFile, settings.tlsKeyFile, settings.tlsClientCaFile, settings.tlsClientCrlFile];
  let seen = stampOf(files);
  const timer = setInterval(() => {
    const now = stampOf(files);
    if (now === seen) return;
    seen = now;
    try {
      server.setSecureContext(tlsServerOptions(settings) as https.ServerOptions);
      report({ reloaded: true });
    } catch (error) {
      report({ reloaded: false, error: error instanceof Error ? error.message : String(error) });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What changes when a file is rewritten (modification time, size) or replaced by a rename (inode). */
function stampOf(files: (string | undefined)[]): string {
  return files
    .map((file) => {
      if (!file) return '';
      try {
        const stat = fs.statSync(file);
        return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

function readPem(setting: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${setting} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
