import http from 'node:http';
import type { Socket } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { aoVerify } from '../admin/users-helpers';
import { type GatewayProcess, spawnGateway } from '../support/gateway-process';
import { until } from '../support/worker-process';
import { envelope, firstText, lrsVerifyLearner } from '../support/soap-messages';

const KNOWN = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

/** A SOAP call whose body arrives in two parts, so the test decides when it stops being in flight. */
function slowCall(port: number, agent: http.Agent) {
  const body = Buffer.from(envelope(lrsVerifyLearner(KNOWN)));
  const half = Math.floor(body.length / 2);
  let reply: Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>;
  const request = http.request({
    host: '127.0.0.1',
    port,
    path: '/LearnerService.svc',
    method: 'POST',
    agent,
    headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': body.length },
  });
  reply = new Promise((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    request.on('error', reject);
  });
  request.write(body.subarray(0, half));
  return { reply, finish: () => request.end(body.subarray(half)) };
}

/** A GET whose socket the keep-alive agent then keeps open, idle; resolves with that socket. */
function idleSocketAfterGet(port: number, path: string, agent: http.Agent): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      const socket = res.socket; // the agent takes it back once the response has ended
      res.resume();
      res.on('end', () => resolve(socket));
    });
    request.on('error', reject);
  });
}

/**
 * Whether the process still has a listening socket on the port (Linux /proc). Connecting to the
 * port would not tell: another test file's server may have been given the port since it was freed.
 */
function listens(pid: number, port: number): boolean {
  const own = new Set(
    fs
      .readdirSync(`/proc/${pid}/fd`)
      .map((fd) => /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`))?.[1])
      .filter((inode): inode is string => inode !== undefined),
  );
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) =>
    fs
      .readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .some((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A' && own.has(f[9])),
  );
}

function safeReadlink(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return ''; // the descriptor closed while the directory was read
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the gateway process on SIGTERM', () => {
  let gateway: GatewayProcess | undefined;
  afterEach(() => gateway?.cleanup());

  test('finishes the call in flight, refuses new connections, closes idle keep-alive sockets and exits 0', async () => {
    gateway = await spawnGateway();
    const { port } = gateway;
    const pid = gateway.child.pid as number;
    expect(listens(pid, port)).toBe(true);
    const idle = new http.Agent({ keepAlive: true });
    const idleSocket = await idleSocketAfterGet(port, '/healthz', idle);
    const idleClosed = new Promise<void>((resolve) => idleSocket.once('close', () => resolve()));
    const inFlight = slowCall(port, new http.Agent({ keepAlive: true }));
    await pause(300); // the gateway has the request line and headers: the call is in flight

    gateway.child.kill('SIGTERM');
    await gateway.waitForLog('shutting down');
    await until(async () => !listens(pid, port), 2000, 'the gateway to stop listening');
    await idleClosed; // the idle keep-alive socket is closed by the gateway, not left to its timeout
    await pause(500);
    expect(gateway.child.exitCode).toBeNull(); // still waiting for the call in flight

    inFlight.finish();
    const reply = await inFlight.reply;
    expect(reply.status).toBe(200);
    expect(firstText(reply.text, 'ResponseCode')).toBe('WSVRC001');
    expect(reply.headers.connection).toBe('close');
    const finished = Date.now();
    const { code, at } = await gateway.exited;
    expect(code).toBe(0);
    expect(at - finished).toBeLessThan(5000);
    expect(gateway.logs.map((line) => line.message)).toContain('stopped cleanly');
    idle.destroy();
  }, 120_000);

  test('cuts a call still in flight at SHUTDOWN_DEADLINE_MS and exits non-zero', async () => {
    gateway = await spawnGateway({ SHUTDOWN_DEADLINE_MS: '1500' });
    const stalled = slowCall(gateway.port, new http.Agent());
    const cut = stalled.reply.then(
      () => 'answered',
      () => 'cut',
    );
    await pause(300);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    const { code, at } = await gateway.exited;
    expect(code).toBe(1);
    expect(at - signalled).toBeGreaterThanOrEqual(1400);
    expect(at - signalled).toBeLessThan(6000);
    expect(await cut).toBe('cut');
    expect(gateway.logs.map((line) => line.message)).toContain('shutdown deadline passed: forcing the exit');
  }, 120_000);

  // Calls that change nothing are audited write-behind (docs/decisions/0031-write-behind-audit-for-calls-that-change-nothing.md).
  test('writes the audit entries still waiting to be written before it exits', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-gateway-audit-stop-'));
    const file = path.join(directory, 'gateway.sqlite');
    try {
      gateway = await spawnGateway({ DATABASE_URL: `sqlite:${file}`, AUDIT_FLUSH_MS: '10000' });
      const baseUrl = `http://127.0.0.1:${gateway.port}`;
      for (let i = 0; i < 3; i++) expect(await aoVerify(baseUrl, 'victor.vance', 'Compat-Test-2026')).toBe('WSVRC001');
      const verifications = () => {
        const db = new BetterSqlite3(file, { readonly: true });
        try {
          return (db.prepare("SELECT COUNT(*) AS n FROM audit_entries WHERE operation = 'VerifyLearner'").get() as { n: number })
            .n;
        } finally {
          db.close();
        }
      };
      expect(verifications()).toBe(0); // still waiting: AUDIT_FLUSH_MS is far off
      gateway.child.kill('SIGTERM');
      expect((await gateway.exited).code).toBe(0);
      expect(verifications()).toBe(3);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
