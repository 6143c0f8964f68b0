import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config';
import type { Logger } from '../../src/platform/logger';
import { testLogger } from './log-capture';

export const TEST_DIGEST_KEY = 'a'.repeat(64);

/** Config for tests: a cheap KDF, a small synthetic register, responses validated against the XSDs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    SCRYPT_COST: '1024',
    SYNTHETIC_LEARNERS: '200',
    LOG_LEVEL: 'error',
    VALIDATE_RESPONSES: 'true',
    BATCH_LANES: '4', // lanes on both databases, so every test works jobs as several workers may share them
    PASSWORD_DIGEST_KEY: TEST_DIGEST_KEY,
    MAIL_DIR: path.join(os.tmpdir(), `lrs-gateway-test-mail-${process.pid}`),
    // Limits on, so every test goes through them, but far above what any test sends in a window.
    RATE_LIMIT_SOAP_PER_ORGANISATION: '1000000',
    RATE_LIMIT_SOAP_PER_ADDRESS: '1000000',
    RATE_LIMIT_ADMIN_PER_ORGANISATION: '1000000',
    RATE_LIMIT_ADMIN_PER_ADDRESS: '1000000',
    ...overrides,
  });
}

/** The tests' logger: every line at debug level into the run's log directory (test/support/log-capture.ts). */
export function silentLogger(): Logger {
  return testLogger();
}
