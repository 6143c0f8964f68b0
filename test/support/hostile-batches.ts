import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonReply } from './admin-client';
import type { RunningGateway } from './running-gateway';
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
  /** The longest the event loop was held, in ms (perf_hooks.monitorEventLoopDelay). */
  maxEventLoopDelayMs: number;
  /** The slowest answer of GET /healthz, asked every 50 ms while the work ran. */
  slowestHealthzMs: number;
  healthzAnswers: number;
}

/**
 * Runs `work` while watching the server as its users would: /healthz asked again and again, and
 * the event loop's delay measured (the gateway runs in this process, so a held loop shows here).
 */
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
  delay.enable();
  try {
    const result = await work();
    return { result, maxEventLoopDelayMs: delay.max / 1e6, slowestHealthzMs: slowest, healthzAnswers: answers };
  } finally {
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
