import { randomUUID } from 'node:crypto';
import type { Logger } from '../platform/logger';
import type { BatchProcessor } from './batch-processor';
import type { BatchStore, LaneCut } from './batch.store';

export interface WorkerOptions {
  /** How often an idle worker searches the queue anyway (a job whose worker died is found this way). */
  pollMs: number;
  /** How often an idle worker reads the queue's signal counter (0: never; it then waits for pollMs or wake()). */
  wakePollMs: number;
  leaseMs: number;
  /** How a job is cut into lanes when first taken up, worked side by side by several workers (docs/decisions/0095-batch-job-lanes.md). */
  cut: LaneCut;
  /** While true (maintenance) no job is claimed; the jobs in hand are put down by the processor's hold. */
  paused: () => Promise<boolean>;
}

/**
 * Claims jobs through the database and works them one at a time, renewing its lease while it
 * works. Several workers, in the server process or on their own (`npm run worker`), on any
 * number of machines, share the queue: a claim is one conditional UPDATE. An idle worker starts
 * on a new job at once when it was submitted in its own process (wake()), and within wakePollMs
 * otherwise, by reading the one-row signal counter rather than searching the jobs
 * (docs/decisions/0067-waking-workers.md).
 */
export class BatchWorker {
  readonly id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private stopping = false;
  private woken = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private draining: Promise<number> | undefined;
  private seenSignal: number | undefined;
  private lastSearch = 0;

  constructor(
    private readonly store: BatchStore,
    private readonly processor: BatchProcessor,
    private readonly logger: Logger,
    private readonly options: WorkerOptions,
    /** Told when a job it worked ended or was handed back (readers waiting on the job answer at once). */
    private readonly jobLeft: (jobId: number) => void = () => undefined,
  ) {}

  start(): void {
    this.stopping = false;
    this.running = true;
    this.schedule(0);
  }

  /** Stops after the chunk in hand is committed; the job is released for another worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** A job was submitted in this process: look now rather than at the next poll. */
  wake(): void {
    if (!this.running || this.stopping) return;
    this.woken = true;
    if (this.current === undefined) this.schedule(0);
  }

  /**
   * Works every waiting job, then returns (tests and the CLI use it directly). One pass at a time:
   * a drain called while the worker's own pass runs waits for it and then looks again, because two
   * passes of one worker would hold the same lanes under the same name, and a caller that drains
   * expects every job submitted before to have ended when it returns.
   */
  async drain(): Promise<number> {
    while (this.draining) await this.draining;
    this.draining = this.workAll();
    try {
      return await this.draining;
    } finally {
      this.draining = undefined;
    }
  }

  private async workAll(): Promise<number> {
    let worked = 0;
    while (!this.stopping && (await this.workOne())) worked++;
    return worked;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.tick()
        .catch((error: unknown) => {
          this.logger.error('batch worker pass failed', { error: String(error) });
        })
        .finally(() => {
          this.current = undefined;
          const { pollMs, wakePollMs } = this.options;
          this.schedule(this.woken ? 0 : wakePollMs > 0 ? Math.min(wakePollMs, pollMs) : pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Searches the queue when woken, when the signal moved, or when pollMs has passed since the last search. */
  private async tick(): Promise<void> {
    const due = this.woken || Date.now() - this.lastSearch >= this.options.pollMs;
    const signal = this.options.wakePollMs > 0 ? await this.store.queueSignal() : undefined;
    if (!due && signal === this.seenSignal) return;
    // Read before the search: a job submitted during it moves the counter again, and is seen next tick.
    this.seenSignal = signal;
    this.woken = false;
    this.lastSearch = Date.now();
    await this.drain();
  }

  private async workOne(): Promise<boolean> {
    if (await this.options.paused()) return false;
    const job = await this.store.claimNext(this.id, this.options.leaseMs, this.options.cut);
    if (!job) return false;
    this.logger.info('batch job claimed', {
      jobId: job.id,
      type: job.type,
      lanes: job.lanes,
      rowsDone: job.nextRow,
      worker: this.id,
    });
    const renewal = setInterval(
      () => {
        this.store.renew(job.id, this.id, this.options.leaseMs).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.options.leaseMs / 3)),
    );
    renewal.unref();
    try {
      await this.processor.process(job, this.id, () => this.stopping);
    } finally {
      clearInterval(renewal);
      this.jobLeft(job.id);
    }
    return true;
  }
}
