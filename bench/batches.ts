// Batch throughput and memory for npm run bench: each job runs in a forked process of its own
// (bench/batch-run.ts), so its peak RSS is not mixed with the other measurements.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { BatchType } from '../src/batches/batch-layouts';
import type { BatchRunFigures, BatchRunRequest } from './batch-run';
import { scratchMariaDb } from './mariadb';

const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_BATCH_BIG_ROWS ?? 1_000_000);

/**
 * Each job process gets a fixed V8 heap budget. Without one, V8 on a machine with this much memory
 * lets the old generation reach about 500 MB of garbage before its first full collection, so a
 * short job ends before that point and a long one does not: the peaks would measure V8's start-up
 * heuristics, not the job. Under the budget a job whose memory grew with its file would die.
 */
const JOB_HEAP_MB = 384;

function runJob(request: BatchRunRequest): Promise<BatchRunFigures> {
  const child = fork(path.join(__dirname, 'batch-run.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [`--max-old-space-size=${JOB_HEAP_MB}`],
  });
  child.send(request);
  return new Promise((resolve, reject) => {
    child.once('message', (figures) => resolve(figures as BatchRunFigures));
    child.once('exit', (code) => reject(new Error(`batch bench process exited with ${code}`)));
  });
}

async function onMariaDb(type: BatchType, rows: number, workers = 1): Promise<BatchRunFigures | undefined> {
  const maria = await scratchMariaDb();
  if (!maria) return undefined;
  try {
    return await runJob({ type, rows, databaseUrl: maria.url, workers });
  } finally {
    await maria.drop();
  }
}

/** `baselineRps`: the bare Express requests/s of the same run, the yardstick of every figure. */
export async function batchFigures(baselineRps?: number): Promise<string[]> {
  const lines = [
    '| batch | database | rows | rows failed | seconds | rows/s | ratio to baseline | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const line = (what: string, database: string, f: BatchRunFigures | undefined) =>
    lines.push(
      f === undefined
        ? `| ${what} | ${database} | not measured: no MariaDB at 127.0.0.1:3306 | | | | | |`
        : `| ${what} | ${database} | ${f.rows} | ${f.failed} | ${f.seconds.toFixed(1)} | ${(f.rows / f.seconds).toFixed(0)} | ${baselineRps ? (f.rows / f.seconds / baselineRps).toFixed(2) : ''} | ${f.maxRssMb.toFixed(0)} |`,
    );
  const verifySqlite = await runJob({ type: 'VERIFY_LEARNER', rows: ROWS });
  line('verify learner', 'SQLite', verifySqlite);
  line('achievement create', 'SQLite', await runJob({ type: 'ACHIEVEMENT', rows: ROWS }));
  line('verify learner', 'MariaDB', await onMariaDb('VERIFY_LEARNER', ROWS));
  const one = await onMariaDb('ACHIEVEMENT', ROWS);
  line('achievement create', 'MariaDB', one);
  const two = await onMariaDb('ACHIEVEMENT', ROWS, 2);
  line('achievement create, 2 worker processes on one job', 'MariaDB', two);
  if (one && two) lines.push('', `Two workers on one job against one: ${(one.seconds / two.seconds).toFixed(2)}x the rows/s`);
  if (BIG_ROWS === 0) return lines; // BENCH_BATCH_BIG_ROWS=0: the memory job left out
  const big = await runJob({ type: 'VERIFY_LEARNER', rows: BIG_ROWS });
  line('verify learner (memory)', 'SQLite', big);
  lines.push(
    '',
    `Peak RSS of a ${BIG_ROWS}-row verify job against a ${ROWS}-row one: ${(big.maxRssMb / verifySqlite.maxRssMb).toFixed(2)} ` +
      '(1.00 is flat: memory does not grow with the file)',
  );
  return lines;
}

if (require.main === module) {
  batchFigures().then(
    (lines) => console.log(lines.join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
