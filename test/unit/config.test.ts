import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from '../../src/config';

describe('configuration', () => {
  test('every setting has a safe default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: DEFAULT_DATABASE_URL,
      lockoutThreshold: 3,
      passwordExpiryDays: 44,
      seedOnStart: true,
      passwordDigestKey: undefined,
    });
  });

  test('reads typed values from the environment', () => {
    const config = loadConfig({
      PORT: '9090',
      LOCKOUT_THRESHOLD: '10',
      SEED_ON_START: 'false',
      PASSWORD_DIGEST_KEY: 'ab'.repeat(32),
    });
    expect(config.port).toBe(9090);
    expect(config.lockoutThreshold).toBe(10);
    expect(config.seedOnStart).toBe(false);
    expect(config.passwordDigestKey?.length).toBe(32);
  });

  test('fails fast, naming every bad setting', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        LOCKOUT_THRESHOLD: '0',
        DATABASE_URL: 'postgres://x',
        SEED_ON_START: 'maybe',
        SCRYPT_COST: '3000',
        PASSWORD_DIGEST_KEY: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOCKOUT_THRESHOLD', 'DATABASE_URL', 'SEED_ON_START', 'SCRYPT_COST', 'PASSWORD_DIGEST_KEY']) {
      expect(problems).toContain(name);
    }
  });
});
