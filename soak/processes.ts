import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pause } from './caller';

const ROOT = path.join(__dirname, '..');

export type ProcessRole = 'gateway' | 'worker';

/**
 * How the gateway and the workers are started: `dist` as `npm start` and `npm run worker` run
 * them (the build of tsconfig.build.json), `source` from the TypeScript sources through ts-node
 * (the jest test, which has no build).
 */
export type Launch = 'dist' | 'source';

function commandLine(role: ProcessRole, launch: Launch): string[] {
  const file = role === 'gateway' ? 'main' : path.join('cli', 'worker');
  if (launch === 'dist') return [path.join(ROOT, 'dist', 'src', `${file}.js`)];
  return ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src', `${file}.ts`)];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A gateway or worker child process, its output appended to a log file. */
export class ManagedProcess {
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  /** Set when the soak sends a signal: any other exit is the process's own doing. */
  signalled = false;

  private constructor(
    readonly role: ProcessRole,
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
    /** Where this process's output starts in the log file. */
    private readonly logOffset: number,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  static start(role: ProcessRole, name: string, launch: Launch, env: Record<string, string>, logFile: string): ManagedProcess {
    const log = fs.openSync(logFile, 'a');
    fs.writeSync(log, `--- ${new Date().toISOString()} starting ${name}\n`);
    const logOffset = fs.fstatSync(log).size;
    const child = spawn(process.execPath, commandLine(role, launch), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    return new ManagedProcess(role, name, child, logFile, logOffset);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** How it ended, when it ended without being told to. */
  get unexpectedExit(): Exit | undefined {
    return this.signalled ? undefined : this.exit;
  }

  /** Resident set size from /proc/<pid>/status (VmRSS), in MiB; undefined once the process is gone. */
  rssMb(): number | undefined {
    if (!this.alive || this.pid === undefined) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) / 1024;
    } catch {
      return undefined;
    }
  }

  /** Waits until the process has written `text` to its log (how a worker says it has started). */
  async untilLogged(text: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.logSinceStart().includes(text)) {
      if (!this.alive) throw new Error(`${this.name} exited before it logged "${text}"; see ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not log "${text}" within ${timeoutMs / 1000} s`);
      await pause(100);
    }
  }

  private logSinceStart(): string {
    const fd = fs.openSync(this.logFile, 'r');
    try {
      const length = fs.fstatSync(fd).size - this.logOffset;
      const buffer = Buffer.alloc(Math.max(0, length));
      fs.readSync(fd, buffer, 0, buffer.length, this.logOffset);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still there. */
  async stop(signal: NodeJS.Signals, graceMs = 30_000): Promise<Exit & { forced: boolean }> {
    if (!this.alive) return { ...(this.exit as Exit), forced: false };
    this.signalled = true;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result !== 'timeout') return { ...result, forced: false };
    this.child.kill('SIGKILL');
    return { ...(await this.exited), forced: true };
  }
}

/** A free TCP port on 127.0.0.1 (the gateway is restarted on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readyz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/readyz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Waits until the gateway on `port` says it is ready; fails if the process exits first. */
export async function untilReady(gateway: ManagedProcess, port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await readyz(port))) {
    if (!gateway.alive) throw new Error(`${gateway.name} exited before it was ready; see ${gateway.logFile}`);
    if (Date.now() > deadline) throw new Error(`${gateway.name} not ready after ${timeoutMs / 1000} s; see ${gateway.logFile}`);
    await pause(100);
  }
}
