import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childLogFile } from './log-capture';

const ROOT = path.join(__dirname, '..', '..');

/**
 * `npm run worker` as a real separate process, run from the TypeScript sources. Its log joins the
 * run's log files, unless the test reads its output (`stdout: 'pipe'`).
 */
export function spawnWorker(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { stdout?: 'pipe' } = {},
): ChildProcess {
  const log = options.stdout ?? childLogFile('worker');
  return spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'worker.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: log === 'ignore' ? 'error' : 'debug',
      SCRYPT_COST: '1024',
      SEED_ON_START: 'false',
      BATCH_CHUNK_ROWS: '25',
      BATCH_LANES: '4', // lanes on both databases, so every test works jobs as several workers may share them
      BATCH_LEASE_MS: '800',
      BATCH_POLL_MS: '50',
      MAIL_DIR: path.join(os.tmpdir(), `lrs-worker-mail-${process.pid}`),
      PASSWORD_DIGEST_KEY: 'a'.repeat(64),
      ...env,
    },
    stdio: ['ignore', log, 'pipe'],
  }).once('spawn', () => typeof log === 'number' && fs.closeSync(log));
}

export function killed(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
