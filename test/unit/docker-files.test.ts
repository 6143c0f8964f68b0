import { checkDocker, configKeys, type DockerInputs, repositoryInputs } from '../../scripts/check-docker';

/**
 * No Docker engine runs here or in CI, so the container set-up is checked against the code:
 * scripts/check-docker.ts (npm run check:docker). The cases below break one thing each, to show
 * the checks can fail.
 */
describe('the Docker files', () => {
  const real = repositoryInputs();

  test('agree with the code, with each other and with docs/production.md', () => {
    expect(checkDocker(real)).toEqual([]);
  });

  test('the environment keys are derived by running loadConfig, not from a list kept by hand', () => {
    const keys = configKeys();
    for (const key of ['DATABASE_URL', 'TLS_CLIENT_CA_FILE', 'CLIENT_AUTH_MODE', 'SHUTDOWN_DEADLINE_MS', 'BATCH_CHUNK_ROWS']) {
      expect(keys).toContain(key);
    }
    expect(keys).not.toContain('NODE_ENV');
  });

  const broken = (change: Partial<DockerInputs>) => checkDocker({ ...real, ...change }).join('\n');
  const edit = (text: string, from: string | RegExp, to: string) => {
    const changed = text.replace(from, to);
    expect(changed).not.toBe(text);
    return changed;
  };

  test.each([
    ['a root final stage', (t: string) => edit(t, 'USER node', 'USER root'), 'non-root USER'],
    [
      'a start command that is not npm start’s',
      (t: string) => edit(t, 'CMD ["node", "dist/src/main.js"]', 'CMD ["node", "dist/src/cli/index.js"]'),
      'start command',
    ],
    ['dev dependencies in the image', (t: string) => edit(t, 'npm ci --omit=dev', 'npm ci'), '--omit=dev'],
    ['no health check', (t: string) => edit(t, /^HEALTHCHECK.*$/m, ''), 'HEALTHCHECK'],
    [
      'a health check of a script that does not exist',
      (t: string) => edit(t, 'healthcheck.js', 'probe.js'),
      'no src/cli/probe.ts',
    ],
    ['the WSDLs left out', (t: string) => edit(t, 'COPY wsdl ./wsdl\n', ''), 'needs wsdl'],
    ['a single stage', (t: string) => t.replace(/^FROM .* AS .*$/gm, '# removed'), 'multi-stage'],
    [
      'an EXPOSE of another port than compose serves',
      (t: string) => edit(t, 'EXPOSE 8443', 'EXPOSE 8080'),
      'does not EXPOSE 8443',
    ],
  ])('catch %s in the Dockerfile', (_case, change, problem) => {
    expect(broken({ dockerfile: change(real.dockerfile) })).toContain(problem);
  });

  test.each([
    [
      'a setting config.ts does not read',
      (t: string) => edit(t, "BATCH_WORKER_IN_PROCESS: 'false'", "BATCH_WORKER_INPROCESS: 'false'"),
      'BATCH_WORKER_INPROCESS, which src/config.ts does not read',
    ],
    [
      'a worker that runs something else',
      (t: string) => edit(t, "['node', 'dist/src/cli/worker.js']", "['node', 'dist/src/cli/index.js']"),
      'no service runs the batch worker',
    ],
    ['MySQL without its volume', (t: string) => edit(t, '- mysql-data:/var/lib/mysql', '- /tmp:/tmp'), 'named volume'],
    [
      'a grace period shorter than the shutdown deadline',
      (t: string) => edit(t, 'stop_grace_period: 30s', 'stop_grace_period: 10s'),
      'stop_grace_period',
    ],
    ['a secret not given to the service', (t: string) => edit(t, '      - tls-client-ca\n', ''), 'which it is not given'],
    [
      'a client CA without its CRL',
      (t: string) => edit(t, /^ +TLS_CLIENT_CRL_FILE: .*\n/m, ''),
      'cannot be given its CRL (TLS_CLIENT_CRL_FILE)',
    ],
    ['a published port that is not PORT', (t: string) => edit(t, ":8443'", ":8080'"), 'publishes 8080, not its PORT'],
    ['YAML that does not parse', (t: string) => `${t}\n  bad: [unclosed\n`, 'does not parse'],
  ])('catch %s in the compose file', (_case, change, problem) => {
    expect(broken({ compose: change(real.compose) })).toContain(problem);
  });

  test('catch a production page that does not give the image’s start command or a setting the compose file sets', () => {
    const problems = broken({
      docs: real.docs.replaceAll('node dist/src/main.js', 'npm start').replaceAll('CLIENT_AUTH_MODE', 'X'),
    });
    expect(problems).toContain('start command');
    expect(problems).toContain('does not explain CLIENT_AUTH_MODE');
  });
});
