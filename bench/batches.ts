// The batch part of npm run bench: each job on a fresh database, submitted by a process of its own
// and worked by `node dist/src/cli/worker.js` processes (bench/batch-run.ts), so that no process
// measures another's work. Rows/s of the workers and end to end, per batch kind, database and
// size; each worker's peak RSS; statements per chunk; and one achievement job on MariaDB shared
// by 1, 2 and 4 workers.
import type { BatchType } from '../src/batches/batch-layouts';
import { loadConfig } from '../src/config';
import { type BatchRunFigures, type BenchDatabase, runBatch } from './batch-run';
import { WORKER_HEAP_MB } from './batch-workers';
import type { StatementTally } from './statement-kinds';

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

const SIZES = list(process.env.BENCH_BATCH_ROWS ?? '100000,1000000').map(Number);
const DATABASES = list(process.env.BENCH_BATCH_DATABASES ?? 'sqlite,mariadb').map((d): BenchDatabase =>
  d.toLowerCase() === 'mariadb' ? 'MariaDB' : 'SQLite',
);
const SCALING_ROWS = Number(process.env.BENCH_BATCH_SCALING_ROWS ?? Math.max(...SIZES));
const SCALING_WORKERS = list(process.env.BENCH_BATCH_WORKERS ?? '1,2,4').map(Number);
const WORKER_NODE_OPTIONS = list((process.env.BENCH_BATCH_WORKER_NODE_OPTIONS ?? '').replace(/\s+/g, ','));
/** The workers' chunk size, as they read it from the same environment. */
const CHUNK_ROWS = loadConfig({ BATCH_CHUNK_ROWS: process.env.BATCH_CHUNK_ROWS }).batchChunkRows;

const NO_MARIADB = 'not measured: no MariaDB at 127.0.0.1:3306';

interface Kind {
  type: BatchType;
  name: string;
  /** Rows/s of the workers each database must reach. */
  targets: Record<BenchDatabase, number>;
}

const VERIFY: Kind = { type: 'VERIFY_LEARNER', name: 'verify learner', targets: { SQLite: 25_000, MariaDB: 10_000 } };
const ACHIEVEMENT: Kind = { type: 'ACHIEVEMENT', name: 'achievement create', targets: { SQLite: 10_000, MariaDB: 10_000 } };
/** BENCH_BATCH_KINDS: `verify`, `achievement` or both (the default). */
const KINDS = list(process.env.BENCH_BATCH_KINDS ?? 'verify,achievement').map((k) =>
  k.toLowerCase().startsWith('verify') ? VERIFY : ACHIEVEMENT,
);

interface Measured {
  kind: Kind;
  database: BenchDatabase;
  rows: number;
  figures: BatchRunFigures | undefined;
}

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const workerRate = (f: BatchRunFigures) => f.rows / f.workerSeconds;
const chunksOf = (f: BatchRunFigures) => Math.ceil(f.rows / CHUNK_ROWS);
const peaks = (f: BatchRunFigures) => f.workers.map((w) => (w.peakRssMb === undefined ? '?' : w.peakRssMb.toFixed(0))).join(', ');
const statementCount = (tally: StatementTally) => Object.values(tally).reduce((sum, s) => sum + s.count, 0);

function row(m: Measured, baselineRps: number | undefined): string {
  const f = m.figures;
  if (!f) return `| ${m.kind.name} | ${m.database} | ${whole(m.rows)} | ${NO_MARIADB} | | | | | | | | |`;
  const cpu = f.workers.reduce((sum, w) => sum + w.cpuSeconds, 0);
  return [
    '',
    m.kind.name,
    m.database,
    whole(f.rows),
    whole(f.failed),
    f.uploadSeconds.toFixed(1),
    f.workerSeconds.toFixed(1),
    whole(workerRate(f)),
    whole(f.rows / f.endToEndSeconds),
    baselineRps ? (workerRate(f) / baselineRps).toFixed(2) : '',
    whole((cpu / f.rows) * 1e6),
    peaks(f),
    (statementCount(f.statements) / chunksOf(f)).toFixed(1),
    '',
  ]
    .join(' | ')
    .trim();
}

/** Each statement kind of the workers, per chunk: how many, and the milliseconds waited for them. */
function statementLines(measured: Measured[]): string[] {
  const lines: string[] = [];
  for (const m of measured) {
    const f = m.figures;
    if (!f) continue;
    const chunks = chunksOf(f);
    const kinds = Object.entries(f.statements).sort(([, a], [, b]) => b.ms - a.ms);
    const waited = kinds.reduce((sum, [, s]) => sum + s.ms, 0);
    lines.push(
      '',
      `${m.kind.name} on ${m.database}, ${whole(f.rows)} rows, ${whole(chunks)} chunks of ${CHUNK_ROWS}: ` +
        `${((f.workerSeconds * 1000) / chunks).toFixed(1)} ms of worker time per chunk, ` +
        `${(waited / chunks).toFixed(1)} ms of it waiting for statements`,
      '',
      '| statement | per chunk | ms per chunk |',
      '|---|--:|--:|',
      ...kinds.map(([kind, s]) => `| ${kind} | ${(s.count / chunks).toFixed(2)} | ${(s.ms / chunks).toFixed(2)} |`),
    );
  }
  return lines;
}

function targetLines(measured: Measured[]): string[] {
  return measured
    .filter((m) => m.figures)
    .map((m) => {
      const rate = workerRate(m.figures as BatchRunFigures);
      const target = m.kind.targets[m.database];
      return `- ${m.kind.name} on ${m.database}, ${whole(m.rows)} rows: ${whole(rate)} rows/s against ≥ ${whole(target)}: ${rate >= target ? 'met' : 'NOT met'}`;
    });
}

/** The peak RSS of the largest job of each kind and database against the smallest's (1.00 is flat). */
function memoryLines(measured: Measured[]): string[] {
  const lines: string[] = [];
  if (SIZES.length < 2) return lines;
  const [small, big] = [Math.min(...SIZES), Math.max(...SIZES)];
  for (const kind of KINDS) {
    for (const database of DATABASES) {
      const peakOf = (rows: number) =>
        measured.find((m) => m.kind === kind && m.database === database && m.rows === rows)?.figures?.workers[0].peakRssMb;
      const [a, b] = [peakOf(small), peakOf(big)];
      if (a && b)
        lines.push(
          `- ${kind.name} on ${database}: ${b.toFixed(0)} MB at ${whole(big)} rows, ${a.toFixed(0)} MB at ${whole(small)}: ${(b / a).toFixed(2)}`,
        );
    }
  }
  return lines.length
    ? [
        '',
        `Peak RSS of the worker, ${whole(big)} rows against ${whole(small)} (1.00 is flat: memory does not grow with the file):`,
        '',
        ...lines,
      ]
    : lines;
}

/** One achievement job on MariaDB worked by 1, 2, 4 worker processes started at once. */
async function scalingLines(measured: Measured[]): Promise<string[]> {
  const achievement = ACHIEVEMENT;
  if (SCALING_ROWS <= 0 || !DATABASES.includes('MariaDB')) return [];
  const lines = [
    '',
    `One ${whole(SCALING_ROWS)}-row achievement job on MariaDB, worked by worker processes started at once:`,
    '',
    '| workers | worker s | rows/s (workers) | against one worker | rows/s end to end | worker CPU s each | peak RSS MB each |',
    '|--:|--:|--:|--:|--:|---|---|',
  ];
  let one: number | undefined;
  for (const workers of SCALING_WORKERS) {
    const figures =
      workers === 1
        ? (measured.find((m) => m.kind === achievement && m.database === 'MariaDB' && m.rows === SCALING_ROWS)?.figures ??
          (await measure(achievement, 'MariaDB', SCALING_ROWS, 1)))
        : await measure(achievement, 'MariaDB', SCALING_ROWS, workers);
    if (!figures) return [...lines.slice(0, 3), NO_MARIADB];
    const rate = workerRate(figures);
    if (workers === 1) one = rate;
    lines.push(
      `| ${workers} | ${figures.workerSeconds.toFixed(1)} | ${whole(rate)} | ${one ? `${(rate / one).toFixed(2)}x` : ''} | ` +
        `${whole(figures.rows / figures.endToEndSeconds)} | ${figures.workers.map((w) => w.cpuSeconds.toFixed(0)).join(', ')} | ${peaks(figures)} |`,
    );
    if (workers === 2 && one)
      lines.push(`|  | target: 2 workers ≥ 1.70x one | | ${rate / one >= 1.7 ? 'met' : 'NOT met'} | | | |`);
  }
  return lines;
}

function measure(kind: Kind, database: BenchDatabase, rows: number, workers: number): Promise<BatchRunFigures | undefined> {
  process.stderr.write(`batch bench: ${kind.name}, ${database}, ${rows} rows, ${workers} worker(s)\n`);
  return runBatch({ type: kind.type, rows, database, workers, workerNodeOptions: WORKER_NODE_OPTIONS });
}

/** `baselineRps`: the bare Express requests/s of the same run (the whole bench), a yardstick for rows/s. */
export async function batchFigures(baselineRps?: number): Promise<string[]> {
  const measured: Measured[] = [];
  for (const rows of SIZES)
    for (const database of DATABASES)
      for (const kind of KINDS) measured.push({ kind, database, rows, figures: await measure(kind, database, rows, 1) });
  const lines = [
    `Chunks of ${CHUNK_ROWS} rows; worker processes under a ${WORKER_HEAP_MB} MB V8 heap; each job on a fresh database.`,
    '',
    '| batch | database | rows | rows failed | upload s | worker s | rows/s (workers) | rows/s end to end | ratio to baseline | worker CPU µs/row | peak RSS MB | statements per chunk |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...measured.map((m) => row(m, baselineRps)),
    '',
    'Targets (rows/s of the workers):',
    '',
    ...targetLines(measured),
    ...memoryLines(measured),
    ...statementLines(measured.filter((m) => m.rows === Math.min(...SIZES))),
  ];
  return [...lines, ...(await scalingLines(measured))];
}
