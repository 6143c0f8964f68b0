import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { Config } from '../../config';

export type WebServer = http.Server | https.Server;

type TlsSettings = Pick<Config, 'tlsCertFile' | 'tlsKeyFile' | 'tlsClientCaFile'>;

/** HTTPS when a certificate and key are configured, plain HTTP otherwise (behind a TLS-terminating proxy, or in development). */
export function createWebServer(app: Express, settings: TlsSettings): WebServer {
  const options = tlsServerOptions(settings);
  return options ? https.createServer(options, app) : http.createServer(app);
}

/**
 * The real LRS authenticates MIS systems with client certificates over HTTPS (lrs-interfaces
 * 1.2). With a client CA configured, every TLS handshake asks for a certificate signed by it,
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
  return options;
}

function readPem(setting: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${setting} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
