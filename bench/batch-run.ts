// One batch job under measurement, in its own process (forked by bench/batches.ts) so that its
// peak RSS is the job's alone: a gateway on SQLite or MariaDB without an in-process worker, a
// generated CSV file submitted as a stream, then the worker drains the queue.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGateway } from '../src/app';
import { ACHIEVEMENT_LAYOUT, type BatchType } from '../src/batches/batch-layouts';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { AIM_REFERENCE, nthAchievement, syntheticLearnerList } from './achievement-requests';

export interface BatchRunRequest {
  type: BatchType;
  rows: number;
  databaseUrl?: string;
  /** Worker processes sharing the job (MariaDB): this one and `workers - 1` more. */
  workers?: number;
}

/** A helper worker process's part: open the gateway, say so, drain when told, say when done. */
interface HelperMessage {
  helperFor: string;
}

export interface BatchRunFigures {
  rows: number;
  seconds: number;
  succeeded: number;
  failed: number;
  maxRssMb: number;
}

/** The CSV file, a line at a time: the bench must not hold a million rows in memory either. */
function* csvLines(type: BatchType, rows: number): Generator<string> {
  const learners = syntheticLearnerList();
  if (type === 'VERIFY_LEARNER') {
    yield 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n';
    for (let n = 0; n < rows; n++) {
      const l = learners[n % learners.length];
      yield `M${n},${l.uln},${l.familyName},${l.givenName},${l.dateOfBirth},${l.gender}\n`;
    }
    return;
  }
  yield `${ACHIEVEMENT_LAYOUT.columns.join(',')}\n`;
  for (let n = 0; n < rows; n++) {
    const a = nthAchievement(n, 900); // award dates apart from the other benches'
    yield `1,${a.uln},${a.givenName},${a.familyName},,,,${AIM_REFERENCE},${a.awardDate},C,,,2026-11-01,,A${n}\n`;
  }
}

/**
 * The lines in 64 KB pieces with a turn of the event loop between pieces, as a socket delivers
 * an upload. A synchronous source would run the whole upload as one chain of microtasks, which
 * starves V8's incremental collector and lets garbage pile up: a cost of the bench, not of the job.
 */
async function* asUpload(lines: Iterable<string>): AsyncGenerator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length < 64 * 1024) continue;
    yield piece;
    piece = '';
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (piece.length > 0) yield piece;
}

function openGateway(databaseUrl: string) {
  return createGateway(
    loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'error', SYNTHETIC_LEARNERS: '5000', BATCH_WORKER_IN_PROCESS: 'false' }),
    { logger: createLogger('error', true) },
  );
}

/** Helper worker processes on the same database, each ready to drain when told. */
async function helpers(databaseUrl: string, count: number): Promise<{ go: () => Promise<void> }> {
  const children = Array.from({ length: count }, () => fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await Promise.all(
    children.map((child) => {
      child.send({ helperFor: databaseUrl } satisfies HelperMessage);
      return new Promise((resolve) => child.once('message', resolve));
    }),
  );
  return {
    go: async () => {
      const finished = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
      for (const child of children) child.send('go');
      await Promise.all(finished);
    },
  };
}

async function help(databaseUrl: string): Promise<void> {
  const gateway = await openGateway(databaseUrl);
  process.send?.('ready');
  await new Promise((resolve) => process.once('message', resolve));
  await gateway.batches.worker.drain();
  await gateway.close();
}

async function run(request: BatchRunRequest): Promise<BatchRunFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-batch-'));
  const databaseUrl = request.databaseUrl ?? `sqlite:${path.join(dir, 'batch.sqlite')}`;
  const gateway = await openGateway(databaseUrl);
  try {
    const username = request.type === 'VERIFY_LEARNER' ? 'barbara.bates' : 'rita.reeves';
    const principal = await gateway.authenticator.authenticateUser(username, { kind: 'password', password: 'Compat-Test-2026' });
    const context = { principal, correlationId: 'bench-batch', surface: 'admin' as const };
    const job = await gateway.batches.service.submit(
      {
        type: request.type,
        format: 'CSV',
        fileName: `bench-${request.rows}.csv`,
        content: Readable.from(asUpload(csvLines(request.type, request.rows))),
        origin: 'ADMIN',
      },
      context,
    );
    const others = await helpers(databaseUrl, (request.workers ?? 1) - 1);
    const started = process.hrtime.bigint();
    await Promise.all([gateway.batches.worker.drain(), others.go()]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const done = await gateway.batches.service.get(job.id, context);
    if (done.status !== 'SUCCESSFUL') throw new Error(`batch job ${job.id} ended ${done.status}: ${done.failureReason}`);
    return {
      rows: done.rowCount ?? 0,
      seconds,
      succeeded: done.rowsSucceeded,
      failed: done.rowsFailed,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await gateway.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.once('message', (request: BatchRunRequest | HelperMessage) => {
    if ('helperFor' in request) {
      help(request.helperFor).then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
      return;
    }
    run(request).then(
      (figures) => process.send?.(figures, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
