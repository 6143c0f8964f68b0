import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createGateway } from './app';
import { type Config, ConfigError, DEFAULT_DATABASE_URL, loadConfig } from './config';
import { createLogger } from './platform/logger';

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
  const server = gateway.app.listen(config.port, config.host, () => {
    logger.info('lrs-gateway listening', { host: config.host, port: config.port, database: config.databaseUrl.split(':')[0] });
  });
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => {
      gateway.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`lrs-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
