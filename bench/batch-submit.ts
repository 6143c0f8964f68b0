// The load of a batch measurement, in a process of its own (forked by bench/batch-run.ts): a
// gateway on the bench's database without a worker, which migrates and seeds it, says it is ready,
// and on `go` submits a generated CSV file as a stream, then says which job it made and exits.
// The workers under measurement are other processes.
import { Readable } from 'node:stream';
import { createGateway } from '../src/app';
import { ACHIEVEMENT_LAYOUT, type BatchType } from '../src/batches/batch-layouts';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { AIM_REFERENCE, nthAchievement, syntheticLearnerList } from './achievement-requests';

export interface SubmitRequest {
  type: BatchType;
  rows: number;
  databaseUrl: string;
}

export type SubmitMessage = { ready: true } | { jobId: number; seconds: number };

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

async function submit(request: SubmitRequest): Promise<void> {
  const gateway = await createGateway(
    loadConfig({
      DATABASE_URL: request.databaseUrl,
      LOG_LEVEL: 'error',
      SYNTHETIC_LEARNERS: '5000',
      BATCH_WORKER_IN_PROCESS: 'false',
    }),
    { logger: createLogger('error', true) },
  );
  try {
    const username = request.type === 'VERIFY_LEARNER' ? 'barbara.bates' : 'rita.reeves';
    const principal = await gateway.authenticator.authenticateUser(username, { kind: 'password', password: 'Compat-Test-2026' });
    process.send?.({ ready: true } satisfies SubmitMessage);
    await new Promise((resolve) => process.once('message', resolve));
    const started = performance.now();
    const job = await gateway.batches.service.submit(
      {
        type: request.type,
        format: 'CSV',
        fileName: `bench-${request.rows}.csv`,
        content: Readable.from(asUpload(csvLines(request.type, request.rows))),
        origin: 'ADMIN',
      },
      { principal, correlationId: 'bench-batch', surface: 'admin' },
    );
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => process.send?.({ jobId: job.id, seconds } satisfies SubmitMessage, resolve));
  } finally {
    await gateway.close();
  }
}

if (require.main === module) {
  process.once('message', (request: SubmitRequest) => {
    submit(request).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
