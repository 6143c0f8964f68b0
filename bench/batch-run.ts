// One batch job under measurement, on a fresh database: the submission in a process of its own
// (bench/batch-submit.ts), the workers in theirs (bench/batch-workers.ts, started at once before
// the upload), and the bench driver watching the job from outside (bench/batch-watch.ts).
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BatchType } from '../src/batches/batch-layouts';
import { isFinished } from '../src/batches/batch-job';
import type { SubmitMessage, SubmitRequest } from './batch-submit';
import { watchJob } from './batch-watch';
import { WorkerProcess } from './batch-workers';
import { scratchMariaDb } from './mariadb';
import { type StatementTally, tallySince, tallySum } from './statement-kinds';

export type BenchDatabase = 'SQLite' | 'MariaDB';

export interface BatchRunRequest {
  type: BatchType;
  rows: number;
  database: BenchDatabase;
  /** Worker processes started at once on the job. */
  workers: number;
  /** Node options for each worker (BENCH_BATCH_WORKER_NODE_OPTIONS, e.g. --cpu-prof). */
  workerNodeOptions?: string[];
}

export interface BatchRunFigures {
  rows: number;
  failed: number;
  /** The submission: the upload streamed and stored, as the submitting process saw it. */
  uploadSeconds: number;
  /** From the job first seen taken up to its end: the workers' time. */
  workerSeconds: number;
  /** From the submission's start to the job's end. */
  endToEndSeconds: number;
  /** Per worker process: CPU seconds over the job, and peak RSS (VmHWM) over its life. */
  workers: { cpuSeconds: number; peakRssMb: number | undefined }[];
  /** The statements every worker sent while the job was submitted and worked. */
  statements: StatementTally;
}

/** How often the driver reads the job's state: the error of each time measured. */
const WATCH_MS = 20;

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`batch submission process exited with ${code}`));
    child.once('exit', failed);
    child.once('message', (m) => {
      child.off('exit', failed);
      resolve(m as T);
    });
  });
}

/** A scratch database for one job: a SQLite file, or a MariaDB database; undefined when there is no MariaDB. */
async function scratchDatabase(database: BenchDatabase): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (database === 'MariaDB') return scratchMariaDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-batch-'));
  return { url: `sqlite:${path.join(dir, 'batch.sqlite')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function runBatch(request: BatchRunRequest): Promise<BatchRunFigures | undefined> {
  const database = await scratchDatabase(request.database);
  if (!database) return undefined;
  const submitter = fork(path.join(__dirname, 'batch-submit.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const workers: WorkerProcess[] = [];
  try {
    submitter.send({ type: request.type, rows: request.rows, databaseUrl: database.url } satisfies SubmitRequest);
    await message<SubmitMessage>(submitter); // migrated and seeded
    workers.push(
      ...(await Promise.all(
        Array.from({ length: request.workers }, () => WorkerProcess.start(database.url, request.workerNodeOptions)),
      )),
    );
    const before = await Promise.all(workers.map((w) => w.read()));
    const watch = await watchJob(database.url);
    try {
      const started = performance.now();
      const submitted = message<SubmitMessage>(submitter);
      let submitFailure: unknown;
      submitted.catch((error: unknown) => (submitFailure = error));
      submitter.send('go');
      let takenUp: number | undefined;
      let state = await watch.state();
      while (!state || !isFinished(state.status)) {
        await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
        if (submitFailure) throw submitFailure;
        state = await watch.state();
        if (takenUp === undefined && state && state.status !== 'RECEIVING' && state.status !== 'WAITING')
          takenUp = performance.now();
      }
      const ended = performance.now();
      if (state.status !== 'SUCCESSFUL') throw new Error(`batch job ended ${state.status}: ${state.failureReason}`);
      const after = await Promise.all(workers.map((w) => w.read()));
      const upload = (await submitted) as { seconds: number };
      return {
        rows: state.rowCount ?? 0,
        failed: state.rowsFailed,
        uploadSeconds: upload.seconds,
        workerSeconds: (ended - (takenUp ?? ended)) / 1000,
        endToEndSeconds: (ended - started) / 1000,
        workers: after.map((a, i) => ({ cpuSeconds: a.cpuSeconds - before[i].cpuSeconds, peakRssMb: a.peakRssMb })),
        statements: tallySum(after.map((a, i) => tallySince(before[i].tally, a.tally))),
      };
    } finally {
      await watch.close();
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    if (submitter.exitCode === null) submitter.kill();
    await database.drop();
  }
}
