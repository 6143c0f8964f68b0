import type { EntityManager } from 'typeorm';
import type { SchemaRegistry } from '../platform/validation/schema-registry';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { isDeadlock } from '../platform/data-source';
import { ConcurrentChange, isDomainError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { XmlLimits } from '../platform/xml/xml-prescan';
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
  xmlLimits: XmlLimits;
}

/** Set-based attempts at a chunk before it is worked row by row. */
const SET_BASED_ATTEMPTS = 3;

/**
 * Whether a job must be put down between chunks and left for later: its organisation is suspended,
 * or a maintenance window is in force (docs/decisions/0060-maintenance-windows.md).
 */
export type BatchHold = (job: BatchJob) => Promise<boolean>;

/** Another worker took the part over (our lease lapsed), or the job ended: leave the part alone. */
export class LostClaim extends Error {}

/**
 * Works a job it has taken up (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md), a part (a chunk of rows) at a time: streams the stored
 * file, sends the rows of each part it claims through their use case, and commits them with
 * their results and the part's being done in one transaction. A crash loses only the part in
 * hand, which another worker takes over when its lease lapses, so no row is applied twice or lost,
 * however many workers share the job.
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
    private readonly held: BatchHold,
    /** Told of every committed chunk (the batch rows counter of the metrics). */
    private readonly rowsCommitted: (type: BatchType, succeeded: number, refused: number) => void = () => undefined,
    /** Told, in the transaction that finishes a job, of the job as finished (the completion mail). */
    private readonly finished: (job: BatchJob, manager: EntityManager) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Works the job's parts that nobody else has until the file ends, the job is cancelled, or
   * `shouldStop` or the hold says so between parts (then the job is put down, to be taken up again). Reading the file from its start, it cuts it where the
   * parts already handed out end (docs/decisions/0071-batch-job-parts.md), skips the parts done
   * or held by another worker, and claims the others. The worker that finds every part done at
   * the end of the file finishes the job.
   */
  async process(job: BatchJob, worker: string, shouldStop: () => boolean): Promise<void> {
    const handler = this.handlers[job.type];
    let context: CallContext;
    let part: { firstRow: number; lastRow: number; mine: boolean } | undefined;
    let chunk: BatchRow[] = [];
    let rows = 0;
    const commit = async () => {
      const rowsOfPart = chunk;
      chunk = [];
      if (rowsOfPart.length === 0 || !part?.mine) return;
      const firstRow = part.firstRow;
      try {
        const committed = await this.inChunkTransaction(async (manager, setBased) => {
          if (!(await this.store.lockForChunk(manager, job.id, worker, firstRow, this.options.leaseMs))) throw new LostClaim();
          const outcomes = setBased
            ? await processChunk(rowsOfPart, handler, this.schemas, context, manager)
            : await this.oneByOne(rowsOfPart, handler, context, manager);
          const counters: Record<string, number> = {};
          for (const outcome of outcomes) counters[outcome.outcome] = (counters[outcome.outcome] ?? 0) + 1;
          await this.store.saveChunk(manager, { ...job, nextRow: firstRow }, outcomes, counters);
          return { succeeded: outcomes.filter((o) => o.succeeded).length };
        });
        this.rowsCommitted(job.type, committed.succeeded, rowsOfPart.length - committed.succeeded);
      } catch (error) {
        if (!(error instanceof LostClaim)) throw error;
        // Our lease lapsed and another worker took the part over (or the job ended): its rows are theirs.
        this.logger.warn('batch job part taken over by another worker', { jobId: job.id, firstRow });
      }
    };
    try {
      context = { principal: await this.principalOf(job), correlationId: `batch-${job.id}`, surface: 'batch' };
      const source = this.store.content(job.id);
      const reader =
        job.format === 'CSV'
          ? readCsvRows(source, handler.layout.columns)
          : readXmlRows(source, handler.layout, this.options.xmlLimits);
      for await (const row of reader) {
        rows = row.rowNumber;
        if (!part || row.rowNumber > part.lastRow) {
          const lastRow = row.rowNumber + this.options.chunkSize - 1;
          part = await this.store.claimPart(job.id, row.rowNumber, lastRow, worker, this.options.leaseMs);
        }
        if (!part.mine) continue; // done, or another worker's
        chunk.push(row);
        if (row.rowNumber < part.lastRow) continue;
        await commit();
        // better-sqlite3 answers synchronously, so without this a whole job runs in one turn of the
        // event loop and a SIGTERM (or the shutdown deadline) is only seen when the job has ended.
        await new Promise((resolve) => setImmediate(resolve));
        const fresh = await this.store.find(job.id);
        if (fresh?.cancelRequested) {
          return this.store.finish(job.id, worker, 'CANCELLED', 'Cancelled by the submitter', null, this.finished);
        }
        if (fresh?.status !== 'IN_PROGRESS') return;
        if (shouldStop() || (await this.held(job))) return this.store.release(job.id, worker);
      }
      await commit(); // the file ended inside a part of ours
      await this.store.noteFileRows(job.id, rows);
      if (await this.store.allPartsDone(job.id, rows))
        await this.store.finish(job.id, worker, 'SUCCESSFUL', null, rows, this.finished);
    } catch (error) {
      // A file that cannot be read fails the job; the rows committed before it stay committed.
      if (error instanceof BatchFileError || isDomainError(error)) {
        await commit().catch(() => undefined);
        await this.store.finish(job.id, worker, 'FAILED', error.message, null, this.finished);
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
