import type { EntityManager } from 'typeorm';
import type { SchemaRegistry } from '../admin/schema-registry';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { isDeadlock } from '../platform/data-source';
import { ConcurrentChange, isDomainError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { BatchJob } from './batch-job';
import type { BatchType } from './batch-layouts';
import { processChunk, processRow, type RowHandler } from './batch-rows';
import type { BatchStore, RowToCommit } from './batch-store';
import { BatchFileError, type BatchRow } from './formats/batch-row';
import { readCsvRows } from './formats/csv-rows';
import { readXmlRows } from './formats/xml-rows';

export interface ProcessorOptions {
  chunkSize: number;
  leaseMs: number;
}

/** Set-based attempts at a chunk before it is worked row by row. */
const SET_BASED_ATTEMPTS = 3;

/** Another worker took the job (our lease lapsed): stop without touching it. */
export class LostClaim extends Error {}

/**
 * Works one claimed job (DESIGN 6): streams the stored file, skips the rows already committed,
 * sends every other row through its use case, a chunk at a time, and commits each chunk of rows together with
 * their results and the cursor in one transaction. A crash loses only the uncommitted chunk,
 * which the next worker redoes, so no row is applied twice or lost.
 */
export class BatchProcessor {
  constructor(
    private readonly db: Database,
    private readonly store: BatchStore,
    private readonly handlers: Record<BatchType, RowHandler>,
    private readonly schemas: SchemaRegistry,
    private readonly principalOf: (job: BatchJob) => Promise<Principal>,
    private readonly logger: Logger,
    private readonly options: ProcessorOptions,
    /** Told of every committed chunk (the batch rows counter of the metrics). */
    private readonly rowsCommitted: (type: BatchType, succeeded: number, refused: number) => void = () => undefined,
  ) {}

  /** Processes the job until it finishes, is cancelled, or `shouldStop` says so between chunks. */
  async process(job: BatchJob, worker: string, shouldStop: () => boolean): Promise<void> {
    const handler = this.handlers[job.type];
    let context: CallContext;
    const counters = { ...job.counters };
    let cursor = job.nextRow;
    let chunk: BatchRow[] = [];
    let rows = 0;
    const commit = async () => {
      const rowsOfChunk = chunk;
      chunk = [];
      if (rowsOfChunk.length === 0) return;
      const committed = await this.inChunkTransaction(async (manager, setBased) => {
        if (!(await this.store.lockForChunk(manager, job.id, worker, cursor, this.options.leaseMs))) throw new LostClaim();
        const outcomes = setBased
          ? await processChunk(rowsOfChunk, handler, this.schemas, context, manager)
          : await this.oneByOne(rowsOfChunk, handler, context, manager);
        const next = { ...counters };
        for (const outcome of outcomes) next[outcome.outcome] = (next[outcome.outcome] ?? 0) + 1;
        await this.store.saveChunk(manager, { ...job, nextRow: cursor }, outcomes, next);
        return { next, last: outcomes[outcomes.length - 1].rowNumber, succeeded: outcomes.filter((o) => o.succeeded).length };
      });
      Object.assign(counters, committed.next);
      cursor = committed.last;
      this.rowsCommitted(job.type, committed.succeeded, rowsOfChunk.length - committed.succeeded);
    };
    try {
      context = { principal: await this.principalOf(job), correlationId: `batch-${job.id}`, surface: 'batch' };
      const source = this.store.content(job.id);
      const reader = job.format === 'CSV' ? readCsvRows(source, handler.layout.columns) : readXmlRows(source, handler.layout);
      for await (const row of reader) {
        rows = row.rowNumber;
        if (row.rowNumber <= cursor) continue; // committed by an earlier run
        chunk.push(row);
        if (chunk.length >= this.options.chunkSize) {
          await commit();
          // better-sqlite3 answers synchronously, so without this a whole job runs in one turn of the
          // event loop and a SIGTERM (or the shutdown deadline) is only seen when the job has ended.
          await new Promise((resolve) => setImmediate(resolve));
          const fresh = await this.store.find(job.id);
          if (fresh?.cancelRequested) return this.store.finish(job.id, worker, 'CANCELLED', 'Cancelled by the submitter', null);
          if (shouldStop()) return this.store.release(job.id, worker);
        }
      }
      await commit();
      await this.store.finish(job.id, worker, 'SUCCESSFUL', null, rows);
    } catch (error) {
      if (error instanceof LostClaim) {
        this.logger.warn('batch job taken over by another worker', { jobId: job.id });
        return;
      }
      // A file that cannot be read fails the job; the rows committed before it stay committed.
      if (error instanceof BatchFileError || isDomainError(error)) {
        await commit().catch(() => undefined);
        await this.store.finish(job.id, worker, 'FAILED', error.message, null);
        return;
      }
      throw error;
    }
  }

  /**
   * Runs a chunk's transaction set-based; when another request changed what the chunk was
   * decided on, rolls it back and decides it again from fresh reads, and after a few such
   * conflicts works it row by row as single calls (each row in a savepoint), which always ends.
   * docs/decisions/0070-set-based-batch-chunks.md
   */
  private async inChunkTransaction<T>(work: (manager: EntityManager, setBased: boolean) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const setBased = attempt <= SET_BASED_ATTEMPTS;
      try {
        return await this.db.transaction((manager) => work(manager, setBased));
      } catch (error) {
        if (!(error instanceof ConcurrentChange || isDeadlock(error)) || attempt > SET_BASED_ATTEMPTS) throw error;
        this.logger.info('batch chunk met a concurrent change; deciding it again', { attempt });
      }
    }
  }

  private async oneByOne(rows: BatchRow[], handler: RowHandler, context: CallContext, manager: EntityManager) {
    const outcomes: RowToCommit[] = [];
    for (const row of rows) outcomes.push(await processRow(row, handler, this.schemas, context, manager));
    return outcomes;
  }
}
