import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PIECE_BYTES } from '../../src/batches/batch.store';
import type { JsonReply } from './admin-client';
import type { RunningGateway } from './running-gateway';
import { principalOf } from './seeded';
import { COMPAT_PASSWORD } from './soap-messages';

/** A file made piece by piece (never held whole), for uploads of any size. */
export function generated(pieces: () => Iterable<string | Buffer>): () => Readable {
  return () => Readable.from(pieces(), { objectMode: false });
}

/** POST /admin/batches with the file streamed as the request body. */
export async function uploadBatch(
  running: RunningGateway,
  options: { user: string; type: 'VERIFY_LEARNER' | 'ACHIEVEMENT'; format: 'CSV' | 'XML'; content: Readable | string | Buffer },
): Promise<JsonReply> {
  const query = new URLSearchParams({
    type: options.type,
    format: options.format,
    fileName: `upload.${options.format.toLowerCase()}`,
  });
  const body =
    typeof options.content === 'string' || Buffer.isBuffer(options.content)
      ? options.content
      : (Readable.toWeb(options.content) as unknown as ReadableStream);
  const response = await fetch(`${running.baseUrl}/admin/batches?${query}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${options.user}:${COMPAT_PASSWORD}`).toString('base64')}`,
      'Content-Type': options.format === 'XML' ? 'application/xml' : 'text/csv',
    },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

/** A finished job's output file, over the admin API. */
export async function downloadOutput(running: RunningGateway, user: string, jobId: number): Promise<string> {
  const response = await fetch(`${running.baseUrl}/admin/batches/${jobId}/output`, {
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${COMPAT_PASSWORD}`).toString('base64')}` },
  });
  if (response.status !== 200) throw new Error(`output of job ${jobId}: HTTP ${response.status} ${await response.text()}`);
  return response.text();
}

export interface Watched<T> {
  result: T;
  /** The longest delay of the event loop, in ms (perf_hooks.monitorEventLoopDelay): this process's work and the machine's load. */
  maxEventLoopDelayMs: number;
  /**
   * The longest the event loop was held by this process's own work, in ms: each delay counted
   * only as far as the process used the CPU meanwhile. On a shared, loaded machine the scheduler
   * can leave a process waiting for 100 ms and more; that is not the code holding the loop.
   */
  longestHeldMs: number;
  /** The slowest answer of GET /healthz, asked every 50 ms while the work ran. */
  slowestHealthzMs: number;
  healthzAnswers: number;
}

/**
 * Runs `work` while watching the server as its users would: /healthz asked again and again, and
 * the event loop's delay measured (the gateway runs in this process, so a held loop shows here).
 */
/**
 * The server went on serving while the work ran: this process never held the event loop for 100 ms
 * or more, the loop's delay (waiting for the CPU included) stayed under 1 s, and /healthz answered, each time within 1 s.
 */
export function expectTheLoopKeptTurning(watched: Watched<unknown>): void {
  expect(watched.longestHeldMs).toBeLessThan(100);
  expect(watched.maxEventLoopDelayMs).toBeLessThan(1000);
  expect(watched.slowestHealthzMs).toBeLessThan(1000);
  expect(watched.healthzAnswers).toBeGreaterThan(0);
}

export async function watchingTheServer<T>(running: RunningGateway, work: () => Promise<T>): Promise<Watched<T>> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let working = true;
  let slowest = 0;
  let answers = 0;
  const poll = (async () => {
    while (working) {
      const started = performance.now();
      const reply = await fetch(`${running.baseUrl}/healthz`);
      await reply.text();
      if (reply.status !== 200) throw new Error(`/healthz answered ${reply.status}`);
      slowest = Math.max(slowest, performance.now() - started);
      answers++;
      await sleep(50);
    }
  })();
  let held = 0;
  let lastTick = performance.now();
  let lastCpu = process.cpuUsage();
  const ticks = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    held = Math.max(held, Math.min(now - lastTick, (cpu.user + cpu.system) / 1000));
    lastTick = now;
    lastCpu = process.cpuUsage();
  }, 10);
  delay.enable();
  try {
    const result = await work();
    const maxEventLoopDelayMs = delay.max / 1e6;
    const longestHeldMs = held;
    working = false;
    await poll; // the call in flight when the work ended is counted too
    return { result, maxEventLoopDelayMs, longestHeldMs, slowestHealthzMs: slowest, healthzAnswers: answers };
  } finally {
    clearInterval(ticks);
    delay.disable();
    working = false;
    await poll;
  }
}

/** Row counts of the tables a batch upload or job can change. */
export async function batchTableCounts(running: RunningGateway): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['batch_jobs', 'batch_job_chunks', 'batch_job_results', 'achievements', 'achievement_events']) {
    counts[table] = Number((await running.gateway.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  }
  return counts;
}

export async function healthy(running: RunningGateway): Promise<number> {
  return (await fetch(`${running.baseUrl}/healthz`)).status;
}

/**
 * One ordinary upload, one refused upload and a worker pass, before anything is measured: the
 * first call of a route compiles its schemas and warms the code, which is not what a test of
 * the event loop is after.
 */
export async function warmUp(
  running: RunningGateway,
  user: string,
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT',
  file: string,
): Promise<void> {
  const format = file.trimStart().startsWith('<') ? 'XML' : 'CSV';
  const accepted = await uploadBatch(running, { user, type, format, content: file });
  if (accepted.status !== 202) throw new Error(`warm-up upload refused: ${JSON.stringify(accepted.body)}`);
  await uploadBatch(running, { user, type, format, content: Buffer.from([0xff]) });
  await running.gateway.batches.worker.drain();
}

/** Names ending in a 2-, 3- or 4-byte UTF-8 character, with each place that character can be cut. */
export const SPLIT_NAMES: { name: string; split: number }[] = [
  { name: 'Zoë', split: 1 },
  { name: 'Zo€', split: 1 },
  { name: 'Zo€', split: 2 },
  { name: 'Zo𝔰', split: 1 },
  { name: 'Zo𝔰', split: 2 },
  { name: 'Zo𝔰', split: 3 },
];

/**
 * A batch file of one record per SPLIT_NAMES entry, each padded with `filler` so that the name's
 * last character starts `split` bytes before the end of a stored piece (PIECE_BYTES): the n-th
 * name straddles the n-th piece boundary.
 */
export function namesAcrossPieces(heading: string, record: (name: string) => string, filler: string, ending: string): Buffer {
  let file = heading;
  SPLIT_NAMES.forEach(({ name, split }, i) => {
    const before = record(name).slice(0, record(name).indexOf(name) + 2);
    file += filler.repeat((i + 1) * PIECE_BYTES - split - Buffer.byteLength(file) - Buffer.byteLength(before)) + record(name);
  });
  const bytes = Buffer.from(file + ending);
  SPLIT_NAMES.forEach(({ name, split }, i) => {
    const at = (i + 1) * PIECE_BYTES - split;
    if (bytes.subarray(at, at + Buffer.byteLength(name.slice(2))).toString() !== name.slice(2)) {
      throw new Error(`${name} is not ${split} bytes before boundary ${i + 1}`);
    }
  });
  return bytes;
}

/**
 * A file submitted as an upload arrives: in 64 KiB chunks (what an HTTP request body gives), through
 * the same use case as the admin upload. Returns the job id.
 */
export async function submitInChunks(
  running: RunningGateway,
  options: { user: string; type: 'VERIFY_LEARNER' | 'ACHIEVEMENT'; format: 'CSV' | 'XML'; content: Buffer },
): Promise<number> {
  const chunks: Buffer[] = [];
  for (let start = 0; start < options.content.length; start += 65_536)
    chunks.push(options.content.subarray(start, start + 65_536));
  const principal = await principalOf(running.gateway.dataSource, options.user);
  const job = await running.gateway.batches.service.submit(
    { type: options.type, format: options.format, fileName: 'chunks', content: Readable.from(chunks), origin: 'ADMIN' },
    { principal, correlationId: 'chunks', surface: 'admin' },
  );
  return job.id;
}
