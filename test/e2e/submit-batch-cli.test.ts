import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

describe('npm run cli -- submit-batch', () => {
  let running: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    running = await startGateway({ env: { BATCH_POLL_MS: '50' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-cli-'));
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], password = 'Compat-Test-2026') =>
    execFileAsync(
      process.execPath,
      ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'index.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', LRS_PASSWORD: password, LOG_LEVEL: 'error' },
        timeout: 60_000,
      },
    );

  test('uploads a file, follows the job to the end and writes the output file', async () => {
    const input = path.join(dir, 'verify.csv');
    fs.copyFileSync(path.join(ROOT, 'docs', 'batch-files', 'verify-learner.example.csv'), input);
    const { stdout } = await cli([
      'submit-batch',
      input,
      '--type',
      'VERIFY_LEARNER',
      '--url',
      running.baseUrl,
      '--user',
      'barbara.bates',
    ]);
    expect(stdout).toMatch(/batch job \d+ queued/);
    expect(stdout).toMatch(/SUCCESSFUL: 4 rows succeeded, 2 refused/);
    const output = parse(fs.readFileSync(path.join(dir, 'results-verify.csv')), { columns: true }) as Record<string, string>[];
    expect(output.map((r) => r.ResponseCode || r.ErrorCode)).toEqual([
      'WSVRC001',
      'WSVRC003',
      'WSVRC002',
      'WSVRC006',
      'ULN_INVALID',
      'REQUEST_INVALID',
    ]);
  });

  test('a wrong password is refused with the stable code, and nothing is queued', async () => {
    const input = path.join(dir, 'again.csv');
    fs.copyFileSync(path.join(ROOT, 'docs', 'batch-files', 'verify-learner.example.csv'), input);
    const before = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs');
    const failure = await cli(
      ['submit-batch', input, '--type', 'VERIFY_LEARNER', '--url', running.baseUrl, '--user', 'barbara.bates'],
      'wrong',
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('AUTH_FAILED') });
    expect(await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs')).toEqual(before);
  });
});
