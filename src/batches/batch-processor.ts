import type { EntityManager } from 'typeorm';
import type { SchemaRegistry } from '../admin/schema-registry';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { isDomainError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { XmlLimits } from '../platform/xml/xml-prescan';
import type { BatchJob } from './batch-job';
import type { BatchType } from './batch-layouts';
import { processRow, type RowHandler } from './batch-rows';
import type { BatchStore, RowToCommit } from './batch-store';
import { BatchFileError, type BatchRow } from './formats/batch-row';
import { readCsvRows } from './formats/csv-rows';
import { readXmlRows } from './formats/xml-rows';

export interface ProcessorOptions {
  chunkSize: number;
  leaseMs: number;
  xmlLimits: XmlLimits;
}

/**
 * Whether a job must be put down between chunks and left for later: its organisation is suspended,
 * or a maintenance window is in force (docs/decisions/0060-maintenance-windows.md).
 */
export type BatchHold = (job: BatchJob) => Promise<boolean>;

/** Another worker took the job (our lease lapsed): stop without touching it. */
export class LostClaim extends Error {}

/**
 * Works one claimed job (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md): streams the stored file, skips the rows already committed,
 * sends every other row through its use case, and commits each chunk of rows together with
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
    private readonly held: BatchHold,
    /** Told of every committed chunk (the batch rows counter of the metrics). */
    private readonly rowsCommitted: (type: BatchType, succeeded: number, refused: number) => void = () => undefined,
    /** Told, in the transaction that finishes a job, of the job as finished (the completion mail). */
    private readonly finished: (job: BatchJob, manager: EntityManager) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Processes the job until it finishes, is cancelled, or `shouldStop` or the hold says so between
   * chunks; then it is released with its cursor, to be taken up again where it stopped.
   */
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
      const committed = await this.db.transaction(async (manager) => {
        if (!(await this.store.lockForChunk(manager, job.id, worker, cursor, this.options.leaseMs))) throw new LostClaim();
        const outcomes: RowToCommit[] = [];
        for (const row of rowsOfChunk) outcomes.push(await processRow(row, handler, this.schemas, context, manager));
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
      const reader =
        job.format === 'CSV'
          ? readCsvRows(source, handler.layout.columns)
          : readXmlRows(source, handler.layout, this.options.xmlLimits);
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
          if (fresh?.cancelRequested) {
            return this.store.finish(job.id, worker, 'CANCELLED', 'Cancelled by the submitter', null, this.finished);
          }
          if (shouldStop() || (await this.held(job))) return this.store.release(job.id, worker);
        }
      }
      await commit();
      await this.store.finish(job.id, worker, 'SUCCESSFUL', null, rows, this.finished);
    } catch (error) {
      if (error instanceof LostClaim) {
        this.logger.warn('batch job taken over by another worker', { jobId: job.id });
        return;
      }
      // A file that cannot be read fails the job; the rows committed before it stay committed.
      if (error instanceof BatchFileError || isDomainError(error)) {
        await commit().catch(() => undefined);
        await this.store.finish(job.id, worker, 'FAILED', error.message, null, this.finished);
        return;
      }
      throw error;
    }
  }
}
