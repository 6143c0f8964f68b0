import { spawn } from 'node:child_process';
import path from 'node:path';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { makeTestPki, type TestPki } from '../support/test-certificates';

const ROOT = path.join(__dirname, '..', '..');

/** The image's HEALTHCHECK command (src/cli/healthcheck.ts), run as the container runs it: settings from the environment. */
function healthcheck(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'healthcheck.ts')],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

const portOf = (running: RunningGateway) => new URL(running.baseUrl).port;

describe('the container health check', () => {
  let pki: TestPki;
  let plain: RunningGateway;
  let tls: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    plain = await startGateway();
    tls = await startGateway({ env: pki.env('certificate-and-password') });
  });
  afterAll(async () => {
    await plain.stop();
    await tls.stop();
    pki.remove();
  });

  test('passes against a gateway serving HTTP', async () => {
    expect(await healthcheck({ PORT: portOf(plain), HOST: '0.0.0.0' })).toEqual({ code: 0, stderr: '' });
  });

  test('passes against a gateway serving HTTPS that asks for client certificates, without one', async () => {
    const env = { PORT: portOf(tls), ...pki.env('certificate-and-password') };
    expect(await healthcheck(env)).toEqual({ code: 0, stderr: '' });
  });

  test('fails when nothing answers, or the scheme is wrong', async () => {
    const nothing = await healthcheck({ PORT: '1', HOST: '127.0.0.1' });
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('unhealthy');
    expect((await healthcheck({ PORT: portOf(tls) })).code).toBe(1);
  });
});
