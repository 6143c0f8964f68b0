import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface GatewayProcess {
  child: ChildProcess;
  port: number;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code and how long after `since` the process ended. */
  exited: Promise<{ code: number | null; at: number }>;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  cleanup(): void;
}

/**
 * `npm start` as a real process (src/main.ts through ts-node), on its own SQLite file, listening
 * on 127.0.0.1 and a port the system picks; resolves once it logs that it listens.
 */
export async function spawnGateway(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const started = startGatewayProcess(env);
  const listening = await started.waitForLog('lrs-gateway listening');
  return { ...started, port: Number(listening.port) };
}

/** The same process, returned at once: for a test of how it starts (or fails to). */
export function startGatewayProcess(env: Record<string, string> = {}): Omit<GatewayProcess, 'port'> & { stderr(): string } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-gateway-process-'));
  const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: `sqlite:${path.join(directory, 'gateway.sqlite')}`,
      LOG_LEVEL: 'info',
      SCRYPT_COST: '1024',
      SYNTHETIC_LEARNERS: '50',
      MAIL_DIR: path.join(directory, 'mail'),
      PASSWORD_DIGEST_KEY: 'a'.repeat(64),
      EDC_REPORT_SCHEDULE: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (data: Buffer) => {
    buffered += data.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      logs.push(line);
      for (const waiter of waiters.filter((w) => w.message === line.message)) waiter.resolve(line);
    }
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const waitForLog = (message: string, timeoutMs = 60_000) => {
    const seen = logs.find((line) => line.message === message);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${message}" log within ${timeoutMs} ms; stderr: ${stderr}`)),
        timeoutMs,
      );
      waiters.push({ message, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`the gateway exited (${code}) before "${message}"; stderr: ${stderr}`));
      });
    });
  };
  return {
    child,
    logs,
    exited,
    waitForLog,
    stderr: () => stderr,
    cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
