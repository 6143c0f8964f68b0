import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('TLS, client certificate and shutdown settings', () => {
  const tls = { TLS_CERT_FILE: '/run/secrets/server.pem', TLS_KEY_FILE: '/run/secrets/server.key' };

  test('default to plain HTTP, passwords only and a 25 second shutdown deadline', () => {
    expect(loadConfig({})).toMatchObject({
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      tlsClientCaFile: undefined,
      tlsClientCrlFile: undefined,
      tlsReloadSeconds: 300,
      clientAuthMode: 'password',
      shutdownDeadlineMs: 25_000,
    });
  });

  test('read HTTPS with client certificates', () => {
    const config = loadConfig({
      ...tls,
      TLS_CLIENT_CA_FILE: '/run/secrets/ca.pem',
      TLS_CLIENT_CRL_FILE: '/run/secrets/ca.crl',
      CLIENT_AUTH_MODE: 'certificate',
      SHUTDOWN_DEADLINE_MS: '5000',
    });
    expect(config).toMatchObject({
      ...{ tlsCertFile: tls.TLS_CERT_FILE, tlsKeyFile: tls.TLS_KEY_FILE },
      tlsClientCrlFile: '/run/secrets/ca.crl',
      clientAuthMode: 'certificate',
      shutdownDeadlineMs: 5000,
    });
  });

  test.each([
    [{ TLS_CERT_FILE: '/x.pem' }, 'TLS_CERT_FILE and TLS_KEY_FILE go together'],
    [{ TLS_CLIENT_CA_FILE: '/ca.pem', CLIENT_AUTH_MODE: 'certificate' }, 'TLS_CLIENT_CA_FILE needs HTTPS'],
    [{ ...tls, CLIENT_AUTH_MODE: 'certificate-and-password' }, 'needs TLS_CLIENT_CA_FILE'],
    [{ ...tls, TLS_CLIENT_CA_FILE: '/ca.pem' }, 'CLIENT_AUTH_MODE is password'],
    [{ CLIENT_AUTH_MODE: 'certificates' }, 'CLIENT_AUTH_MODE must be one of password, certificate-and-password, certificate'],
    [{ SHUTDOWN_DEADLINE_MS: '10' }, 'SHUTDOWN_DEADLINE_MS must be between 100 and 600000'],
    [{ ...tls, TLS_CLIENT_CRL_FILE: '/ca.crl' }, 'TLS_CLIENT_CRL_FILE needs TLS_CLIENT_CA_FILE'],
    [{ TLS_RELOAD_SECONDS: '-1' }, 'TLS_RELOAD_SECONDS must be between 0 and 86400'],
  ])('refuse %j', (env, problem) => {
    expect(problemsOf(env)).toContain(problem);
  });
});
