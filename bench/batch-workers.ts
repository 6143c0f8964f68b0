// The batch workers under measurement: `node dist/src/cli/worker.js` processes, as an operator
// runs them, each with the statement tally preloaded (bench/statement-tally.ts) and read from
// /proc for its CPU time and peak RSS.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ProcessGauge } from './proc';
import { type StatementTally, TALLY_REQUEST } from './statement-kinds';

/**
 * Each worker gets a fixed V8 heap budget. Without one, V8 on a machine with this much memory
 * lets the old generation reach about 500 MB of garbage before its first full collection, so a
 * short job ends before that point and a long one does not: the peaks would measure V8's start-up
 * heuristics, not the job. Under the budget a worker whose memory grew with its file would die.
 */
export const WORKER_HEAP_MB = 384;

/** The worker CLI of the same build as the bench (dist-bench/src/cli/worker.js). */
const WORKER_CLI = path.join(__dirname, '..', 'src', 'cli', 'worker.js');

export interface WorkerReading {
  pid: number;
  cpuSeconds: number;
  peakRssMb: number | undefined;
  tally: StatementTally;
}

export class WorkerProcess {
  private readonly gauge: ProcessGauge;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.gauge = new ProcessGauge(child.pid ?? 0);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts a worker on the database and resolves once it says it has started. */
  static async start(databaseUrl: string, extraNodeOptions: string[] = []): Promise<WorkerProcess> {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${WORKER_HEAP_MB}`,
        ...extraNodeOptions,
        '-r',
        path.join(__dirname, 'statement-tally.js'),
        WORKER_CLI,
      ],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      },
    );
    const worker = new WorkerProcess(child);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const onData = (data: Buffer) => {
        seen = (seen + data.toString('utf8')).slice(-4096);
        if (!seen.includes('batch worker started')) return;
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // its later log lines are read and dropped, so it never blocks on a full pipe
        resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`batch worker exited with ${code} before it started: ${seen}`)));
    });
    return worker;
  }

  async read(): Promise<WorkerReading> {
    const tally = await new Promise<StatementTally>((resolve) => {
      this.child.once('message', (message) => resolve((message as { tally: StatementTally }).tally));
      this.child.send(TALLY_REQUEST);
    });
    return { pid: this.child.pid ?? 0, cpuSeconds: this.gauge.cpuSeconds(), peakRssMb: this.gauge.peakRssMb(), tally };
  }

  /** SIGTERM, as an operator stops it: the clean stop must end with exit code 0. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0) throw new Error(`batch worker ${this.child.pid} stopped with exit code ${code}`);
  }
}
