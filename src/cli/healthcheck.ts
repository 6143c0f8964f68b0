#!/usr/bin/env node
import http from 'node:http';
import https from 'node:https';
import { ConfigError, loadConfig } from '../config';
import { HEALTH_PATH } from '../platform/http/health';

/**
 * The container's HEALTHCHECK (docker/Dockerfile): asks this container's own gateway for
 * /healthz, on the port and scheme its configuration gives, and exits 0 only on a 200. The
 * probe stays on loopback, where the certificate's public name cannot match, so it does not
 * check the server certificate; a client certificate is not needed for /healthz.
 */
function probe(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  const options = { host, port: config.port, path: HEALTH_PATH, timeout: 4000 };
  const request = config.tlsCertFile ? https.get({ ...options, rejectUnauthorized: false }, answer) : http.get(options, answer);
  request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeout} ms`)));
  request.on('error', (error) => {
    process.stderr.write(`unhealthy: ${error.message}\n`);
    process.exit(1);
  });
}

function answer(res: http.IncomingMessage): void {
  res.resume();
  if (res.statusCode !== 200) process.stderr.write(`unhealthy: ${HEALTH_PATH} answered ${res.statusCode}\n`);
  process.exit(res.statusCode === 200 ? 0 : 1);
}

probe();
