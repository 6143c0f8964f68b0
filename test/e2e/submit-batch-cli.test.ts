import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const ROOT = path.join(__dirname, '..', '..');
const CLI = ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'index.ts')];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, as a process; its exit code is part of what is tested, so a non-zero one is not an error here. */
function cli(args: string[], password = 'Compat-Test-2026'): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LRS_PASSWORD: password, LOG_LEVEL: 'error' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const verifyRows = (count: number) =>
  'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n' +
  Array.from({ length: count }, (_, i) => `M${i},1026893096,Testname,Sample,1976-08-16,2\n`).join('');

describe('npm run cli -- submit-batch', () => {
  let running: RunningGateway;
  let dir: string;
  // The gateway's worker is started and stopped by the tests, to hold a job waiting when one needs to.
  beforeAll(async () => {
    running = await startGateway({ env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_POLL_MS: '50' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-cli-'));
  });
  afterAll(async () => {
    await running.gateway.batches.worker.stop();
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };
  const example = () => fs.readFileSync(path.join(ROOT, 'docs', 'batch-files', 'verify-learner.example.csv'), 'utf8');
  const submit = (input: string, ...more: string[]) =>
    cli(['submit-batch', input, '--type', 'VERIFY_LEARNER', '--url', running.baseUrl, '--user', 'barbara.bates', ...more]);
  const jobStatus = async (jobId: unknown) =>
    (await running.gateway.dataSource.query('SELECT status FROM batch_jobs WHERE id = ?', [jobId]))[0].status as string;

  describe('with a worker running', () => {
    beforeAll(() => running.gateway.batches.worker.start());
    afterAll(() => running.gateway.batches.worker.stop());

    test('follows the job, says what each count means, writes the output, and exits 3 when rows were not accepted', async () => {
      const input = file('verify.csv', example());
      const run = await submit(input);
      expect(run.stdout).toMatch(/batch job \d+ queued \(6 rows\)/);
      // Verified learners (001 to 004) are accepted; no match, not found and refused rows are not.
      expect(run.stdout).toMatch(/SUCCESSFUL: 3 rows succeeded, 3 refused, of 6 processed/);
      expect(run.stdout).toMatch(/succeeded = rows accepted: .*WSVRC001 to WSVRC004/);
      expect(run.stdout).toMatch(/refused = rows not accepted: .*WSVRC006/);
      expect(run.code).toBe(3);
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

    test('--json: one JSON object per line and nothing else; exit 0 when every row is accepted', async () => {
      const run = await submit(file('all-good.csv', verifyRows(30)), '--json');
      expect(run.code).toBe(0);
      const events = jsonLines(run.stdout);
      expect(events[0]).toMatchObject({ event: 'submitted', jobId: expect.any(Number), rowCount: 30 });
      expect(events[events.length - 1]).toMatchObject({
        event: 'finished',
        jobId: events[0].jobId,
        status: 'SUCCESSFUL',
        rowsProcessed: 30,
        rowsSucceeded: 30,
        rowsFailed: 0,
        outcomes: { WSVRC001: 30 },
        exitCode: 0,
        output: path.join(dir, 'results-all-good.csv'),
      });
      for (const event of events.slice(1, -1)) expect(event).toMatchObject({ event: 'progress', jobId: events[0].jobId });
    });

    test('a file that cannot be read fails the job: exit 4', async () => {
      const run = await submit(file('unreadable.csv', 'Not,The,Heading\n1,2,3\n'), '--json');
      expect(run.code).toBe(4);
      expect(jsonLines(run.stdout).pop()).toMatchObject({ event: 'finished', status: 'FAILED', exitCode: 4 });
    });
  });

  describe('with no worker running (the job waits)', () => {
    test('--no-wait returns the job id at once (exit 0), and follow-batch follows it later', async () => {
      const run = await submit(file('later.csv', verifyRows(5)), '--json', '--no-wait');
      expect(run.code).toBe(0);
      const [submitted, ...rest] = jsonLines(run.stdout);
      expect(rest).toEqual([]);
      expect(submitted).toMatchObject({ event: 'submitted', status: 'WAITING', rowCount: 5 });
      expect(await jobStatus(submitted.jobId)).toBe('WAITING');

      running.gateway.batches.worker.start();
      try {
        const followed = await cli([
          'follow-batch',
          String(submitted.jobId),
          '--json',
          '--url',
          running.baseUrl,
          '--user',
          'barbara.bates',
          '--out',
          path.join(dir, 'later-out.csv'),
        ]);
        expect(followed.code).toBe(0);
        expect(jsonLines(followed.stdout).pop()).toMatchObject({ event: 'finished', jobId: submitted.jobId, rowsSucceeded: 5 });
        expect(fs.existsSync(path.join(dir, 'later-out.csv'))).toBe(true);
      } finally {
        await running.gateway.batches.worker.stop();
      }
    });

    test('--timeout: stops waiting, exit 5, and says the job goes on', async () => {
      const started = Date.now();
      const run = await submit(file('slow.csv', verifyRows(5)), '--timeout', '2');
      expect(run.code).toBe(5);
      expect(Date.now() - started).toBeLessThan(30_000);
      const jobId = /batch job (\d+) queued/.exec(run.stdout)?.[1];
      expect(run.stderr).toContain(`timed out after 2 s: batch job ${jobId} is WAITING and goes on`);
      expect(await jobStatus(jobId)).toBe('WAITING');
    });

    test('Ctrl-C while waiting: the job goes on, and the command says which job (exit 130)', async () => {
      const run = await interruptWith([]);
      expect(run.code).toBe(130);
      const [submitted, stopped] = jsonLines(run.stdout);
      expect(stopped).toMatchObject({ event: 'interrupted', jobId: submitted.jobId, signal: 'SIGINT', jobContinues: true });
      expect(await jobStatus(submitted.jobId)).toBe('WAITING');
    });

    test('Ctrl-C with --cancel-on-exit cancels the job', async () => {
      const run = await interruptWith(['--cancel-on-exit']);
      expect(run.code).toBe(130);
      const [submitted, stopped] = jsonLines(run.stdout);
      expect(stopped).toMatchObject({ event: 'interrupted', status: 'CANCELLED', jobContinues: false });
      expect(await jobStatus(submitted.jobId)).toBe('CANCELLED');
    });

    function interruptWith(extra: string[]): Promise<Run> {
      return new Promise<Run>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            ...CLI,
            'submit-batch',
            file(`stop-${extra.length}.csv`, verifyRows(3)),
            '--type',
            'VERIFY_LEARNER',
            '--json',
            '--url',
            running.baseUrl,
            '--user',
            'barbara.bates',
            ...extra,
          ],
          { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LRS_PASSWORD: 'Compat-Test-2026', LOG_LEVEL: 'error' } },
        );
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('"submitted"')) setTimeout(() => child.kill('SIGINT'), 300);
        });
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }
  });

  test('a wrong password is refused with the stable code (exit 1), and nothing is queued', async () => {
    const before = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs');
    const run = await cli(
      [
        'submit-batch',
        file('again.csv', example()),
        '--type',
        'VERIFY_LEARNER',
        '--url',
        running.baseUrl,
        '--user',
        'barbara.bates',
      ],
      'wrong',
    );
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('AUTH_FAILED') });
    expect(await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM batch_jobs')).toEqual(before);
  });

  test('a usage mistake exits 2 with the help, which lists the exit codes', async () => {
    const run = await cli(['submit-batch', file('x.csv', example()), '--type', 'VERIFY_LEARNER', '--wat']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown option '--wat'/);
    expect(run.stderr).toMatch(/Exit codes:[\s\S]*3 {2}finished with rows not accepted/);
  });
});

describe('submit-batch against a busy gateway', () => {
  test('a 429 is asked again after the Retry-After the gateway gives, and the job is followed as usual', async () => {
    const seen: string[] = [];
    const job = { jobId: 41, type: 'VERIFY_LEARNER', rowCount: 1, rowsProcessed: 1, rowsSucceeded: 1, rowsFailed: 0 };
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url?.split('?')[0]} ${Date.now()}`);
      req.resume();
      req.on('end', () => {
        const uploads = seen.filter((s) => s.startsWith('POST')).length;
        if (req.method === 'POST' && uploads === 1) {
          res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }));
        } else if (req.url?.endsWith('/output')) {
          res.writeHead(200, { 'Content-Type': 'text/csv' });
          res.end('MISIdentifier\nM0\n');
        } else {
          res.writeHead(req.method === 'POST' ? 202 : 200, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              ...job,
              status: 'SUCCESSFUL',
              outcomes: { WSVRC001: 1 },
              duplicateOfJobId: null,
              failureReason: null,
            }),
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-cli-busy-'));
    try {
      const input = path.join(dir, 'one.csv');
      fs.writeFileSync(input, verifyRows(1));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await cli([
        'submit-batch',
        input,
        '--type',
        'VERIFY_LEARNER',
        '--url',
        url,
        '--user',
        'barbara.bates',
        '--json',
      ]);
      expect(run.code).toBe(0);
      const events = jsonLines(run.stdout);
      expect(events.map((e) => e.event)).toEqual(['retrying', 'submitted', 'finished']);
      expect(events[0]).toMatchObject({ httpStatus: 429, waitSeconds: 1 });
      const [first, second] = seen.filter((s) => s.startsWith('POST')).map((s) => Number(s.split(' ')[2]));
      expect(second - first).toBeGreaterThanOrEqual(950);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
