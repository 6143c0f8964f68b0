import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGateway } from './app';
import { type Config, ConfigError, DEFAULT_DATABASE_URL, loadConfig } from './config';
import { drainable } from './platform/http/draining';
import { listen } from './platform/http/listen';
import { createWebServer, reloadTlsOnChange } from './platform/http/server';
import { createLogger } from './platform/logger';
import { stopOnSignals } from './platform/shutdown';

/**
 * On the embedded default (SQLite under ./data) the gateway keeps its PasswordDigest key in
 * data/password-digest.key, created on first start, so `npm start` serves WS-Security digests
 * out of the box. Anywhere else the operator sets PASSWORD_DIGEST_KEY or goes without digests.
 */
function withDevelopmentDigestKey(config: Config): Config {
  if (config.passwordDigestKey || config.databaseUrl !== DEFAULT_DATABASE_URL) return config;
  const file = path.join('data', 'password-digest.key');
  fs.mkdirSync('data', { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return { ...config, passwordDigestKey: Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex') };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = withDevelopmentDigestKey(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const gateway = await createGateway(config, { logger });
  const server = createWebServer(gateway.app, config);
  const stopTlsReload = reloadTlsOnChange(server, config, config.tlsReloadSeconds * 1000, (outcome) =>
    outcome.reloaded
      ? logger.info('TLS files changed: new connections use them')
      : logger.error('TLS files changed but cannot be used: connections keep the previous ones', { error: outcome.error }),
  );
  const connections = drainable(server);
  await listen(server, { host: config.host, port: config.port, setting: 'PORT' });
  logger.info('lrs-gateway listening', {
    host: config.host,
    port: (server.address() as AddressInfo).port,
    tls: config.tlsCertFile !== undefined,
    clientAuthMode: config.clientAuthMode,
    database: config.databaseUrl.split(':')[0],
  });
  stopOnSignals({
    logger,
    deadlineMs: config.shutdownDeadlineMs,
    // Calls in flight and the batch chunk in hand finish side by side; the pool closes last.
    stop: async () => {
      stopTlsReload();
      // Readers held waiting on a job's progress answer now, so they do not hold the drain.
      gateway.batches.signals.close();
      await Promise.all([connections.drain(), gateway.batches.worker.stop()]);
      await gateway.close();
    },
    force: () => connections.forceClose(),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`lrs-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
