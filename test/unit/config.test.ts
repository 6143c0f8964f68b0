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
      logLevel: 'http',
      metricsAccess: 'open',
      trustProxy: false,
      rateLimitEnabled: true,
      rateLimitStore: 'auto',
      rateLimitWindowSeconds: 60,
      rateLimitSoapPerOrganisation: 6000,
      rateLimitSoapPerAddress: 12_000,
      rateLimitAdminPerOrganisation: 600,
      rateLimitAdminPerAddress: 1200,
    });
  });

  test('a batch job is cut into lanes on MySQL/MariaDB only, unless BATCH_LANES says otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/x.sqlite' }).batchLanes).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/lrs' }).batchLanes).toBe(4);
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/x.sqlite', BATCH_LANES: '3' }).batchLanes).toBe(3);
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

  test('metrics access, trusted proxies and rate limits are checked together', () => {
    const config = loadConfig({
      METRICS_ACCESS: 'bearer',
      METRICS_BEARER_TOKEN: 'a-token-of-sixteen+',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      RATE_LIMIT_SOAP_PER_ADDRESS: '0',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/x',
      RATE_LIMIT_STORE: 'database',
    });
    expect(config).toMatchObject({ metricsAccess: 'bearer', trustProxy: 'loopback, 10.0.0.0/8', rateLimitSoapPerAddress: 0 });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ METRICS_ACCESS: 'bearer', METRICS_BEARER_TOKEN: 'short' })).toEqual([
      'METRICS_ACCESS=bearer needs METRICS_BEARER_TOKEN of at least 16 characters',
    ]);
    expect(problems({ METRICS_BEARER_TOKEN: 'a-token-of-sixteen+' })[0]).toMatch(/METRICS_ACCESS is not bearer/);
    expect(problems({ RATE_LIMIT_STORE: 'database' })[0]).toMatch(/needs MySQL\/MariaDB/);
    expect(problems({ TRUST_PROXY: 'my-proxy' })[0]).toMatch(/"my-proxy" is none/);
    expect(problems({ RATE_LIMIT_ADMIN_PER_ADDRESS: '-1' })[0]).toMatch(/RATE_LIMIT_ADMIN_PER_ADDRESS/);
  });
});
