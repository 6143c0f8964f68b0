import { randomUUID } from 'node:crypto';
import type { Logger } from '../platform/logger';
import type { BatchProcessor } from './batch-processor';
import type { BatchStore } from './batch-store';

export interface WorkerOptions {
  pollMs: number;
  leaseMs: number;
  /** While true (maintenance) no job is claimed; the jobs in hand are put down by the processor's hold. */
  paused: () => Promise<boolean>;
}

/**
 * Claims jobs through the database and works them one at a time, renewing its lease while it
 * works. Several workers, in the server process or on their own (`npm run worker`), on any
 * number of machines, share the queue: a claim is one conditional UPDATE.
 */
export class BatchWorker {
  readonly id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

  constructor(
    private readonly store: BatchStore,
    private readonly processor: BatchProcessor,
    private readonly logger: Logger,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops after the chunk in hand is committed; the job is released for another worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** Works every waiting job, then returns (tests and the CLI use it directly). */
  async drain(): Promise<number> {
    let worked = 0;
    while (!this.stopping && (await this.workOne())) worked++;
    return worked;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.current = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.logger.error('batch worker pass failed', { error: String(error) });
        })
        .finally(() => this.schedule(this.options.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  private async workOne(): Promise<boolean> {
    if (await this.options.paused()) return false;
    const job = await this.store.claimNext(this.id, this.options.leaseMs);
    if (!job) return false;
    this.logger.info('batch job claimed', { jobId: job.id, type: job.type, resumeAfterRow: job.nextRow, worker: this.id });
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
    }
    return true;
  }
}
