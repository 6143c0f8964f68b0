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
import { type InSavepoint, processChunk, processRow, type RowHandler } from './batch-rows';
import { laneOf, type LaneOf, needsLinks } from './batch-lanes';
import type { BatchStore, RowToCommit, TakenJob } from './batch.store';
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

/** Another worker took the lane over (our lease lapsed), or the job ended: leave the lane alone. */
export class LostClaim extends Error {}

/** A lane in hand: the job, the lane, how rows are placed in lanes, and what works its rows. */
interface LaneRun {
  job: TakenJob;
  lane: number;
  worker: string;
  place: LaneOf;
  handler: RowHandler;
  context: CallContext;
}

/** A part of the lane in hand: its rows so far. */
interface PartInHand {
  firstRow: number;
  lastRow: number;
  mine: boolean;
  rows: BatchRow[];
}

/**
 * Works a job it has taken up (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md)
 * a lane at a time (docs/decisions/0095-batch-job-lanes.md), while other workers work its other
 * lanes: streams the stored file, and of the rows in its lane sends each part (a chunk of rows)
 * through its use case and commits it with its results and the part's being done in one
 * transaction. A crash loses only the part in hand; another worker takes the lane over when its
 * lease lapses and skips the parts done, so no row is applied twice or lost, and a lane's rows
 * (every row about one learner) are applied in file order.
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
    private readonly finished: (job: BatchJob) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Works the lane it claimed with the job, then other lanes that nobody holds, until none is
   * left, the job is cancelled, or `shouldStop` or the hold says so between parts (then its lane
   * is put down, to be taken up again). The worker that ends the last lane finishes the job.
   */
  async process(job: TakenJob, worker: string, shouldStop: () => boolean): Promise<void> {
    try {
      const context: CallContext = { principal: await this.principalOf(job), correlationId: `batch-${job.id}`, surface: 'batch' };
      const links = needsLinks(job.type, job.lanes) ? await this.store.linksOf(job.id) : new Map<string, string>();
      const place = laneOf(job.type, job.lanes, links);
      for (let lane: number | undefined = job.lane; lane !== undefined;) {
        const run: LaneRun = { job, lane, worker, place, handler: this.handlers[job.type], context };
        if ((await this.workLane(run, shouldStop)) === 'put down') return;
        lane = await this.store.claimLane(job.id, worker, this.options.leaseMs);
      }
    } catch (error) {
      // A file that cannot be read fails the job; the rows committed before it stay committed.
      if (error instanceof BatchFileError || isDomainError(error)) {
        await this.store.finish(job.id, worker, 'FAILED', error.message, null, this.finished);
        return;
      }
      throw error;
    }
  }

  /**
   * Reads the file from its start and works the lane's rows: it cuts the lane where the parts
   * already handed out end (docs/decisions/0071-batch-job-parts.md), skips the parts done, and
   * claims (or takes over) the others. 'put down' when the job is to be left between parts.
   */
  private async workLane(run: LaneRun, shouldStop: () => boolean): Promise<'ended' | 'put down'> {
    const { job, lane, worker, place, handler } = run;
    // A part spans as many file rows as the lanes share, so it holds about chunkSize of the lane's rows.
    const span = this.options.chunkSize * job.lanes;
    let part: PartInHand | undefined;
    let rows = 0;
    const source = this.store.content(job.id);
    const reader =
      job.format === 'CSV'
        ? readCsvRows(source, handler.layout.columns)
        : readXmlRows(source, handler.layout, this.options.xmlLimits);
    try {
      for await (const row of reader) {
        rows = row.rowNumber;
        if (place(row) !== lane) continue;
        if (!part || row.rowNumber > part.lastRow) {
          if (part?.rows.length) {
            if (!(await this.commit(run, part))) return 'ended';
            if (await this.putDown(job, worker, shouldStop)) return 'put down';
          }
          const claimed = await this.store.claimPart(
            job.id,
            row.rowNumber,
            row.rowNumber + span - 1,
            worker,
            this.options.leaseMs,
          );
          part = { ...claimed, rows: [] };
        }
        if (part.mine) part.rows.push(row);
      }
    } catch (error) {
      if (error instanceof BatchFileError && part?.rows.length) await this.commit(run, part).catch(() => undefined);
      throw error;
    }
    if (part?.rows.length && !(await this.commit(run, part))) return 'ended';
    await this.store.noteFileRows(job.id, rows);
    await this.store.endLane(job.id, lane, worker, rows, this.finished);
    return 'ended';
  }

  /** Commits a part's rows; false when the lane was taken over by another worker (its rows are theirs). */
  private async commit(run: LaneRun, part: PartInHand): Promise<boolean> {
    const { job, lane, worker, handler, context } = run;
    const rows = part.rows;
    part.rows = [];
    try {
      const succeeded = await this.inChunkTransaction(async (inSavepoint, setBased) => {
        if (!(await this.store.lockForChunk(job.id, lane, worker, this.options.leaseMs))) throw new LostClaim();
        const outcomes = setBased
          ? await processChunk(rows, handler, this.schemas, context, inSavepoint)
          : await this.oneByOne(rows, handler, context, inSavepoint);
        const counters: Record<string, number> = {};
        for (const outcome of outcomes) counters[outcome.outcome] = (counters[outcome.outcome] ?? 0) + 1;
        await this.store.saveChunk(job.id, part.firstRow, outcomes, counters);
        return outcomes.filter((o) => o.succeeded).length;
      });
      this.rowsCommitted(job.type, succeeded, rows.length - succeeded);
      return true;
    } catch (error) {
      if (!(error instanceof LostClaim)) throw error;
      this.logger.warn('batch job lane taken over by another worker', { jobId: job.id, lane, firstRow: part.firstRow });
      return false;
    }
  }

  /** Between parts: whether to leave the job (cancelled, ended, the worker stopping, or a hold); a cancelled job is finished. */
  private async putDown(job: BatchJob, worker: string, shouldStop: () => boolean): Promise<boolean> {
    // better-sqlite3 answers synchronously, so without this a whole job runs in one turn of the
    // event loop and a SIGTERM (or the shutdown deadline) is only seen when the job has ended.
    await new Promise((resolve) => setImmediate(resolve));
    const fresh = await this.store.find(job.id);
    if (fresh?.cancelRequested) {
      await this.store.finish(job.id, worker, 'CANCELLED', 'Cancelled by the submitter', null, this.finished);
      return true;
    }
    if (fresh?.status !== 'IN_PROGRESS') return true;
    if (!shouldStop() && !(await this.held(job))) return false;
    await this.store.release(job.id, worker);
    return true;
  }

  /**
   * Runs a chunk's transaction set-based; when another request changed what the chunk was
   * decided on, rolls it back and decides it again from fresh reads, and after a few such
   * conflicts works it row by row as single calls (each row in a savepoint), which always ends.
   * docs/decisions/0070-set-based-batch-chunks.md
   */
  private async inChunkTransaction<T>(work: (inSavepoint: InSavepoint, setBased: boolean) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const setBased = attempt <= SET_BASED_ATTEMPTS;
      try {
        return await this.db.transaction(() => work((row) => this.db.savepoint(row), setBased));
      } catch (error) {
        if (!(error instanceof ConcurrentChange || isDeadlock(error)) || attempt > SET_BASED_ATTEMPTS) throw error;
        this.logger.info('batch chunk met a concurrent change; deciding it again', { attempt });
      }
    }
  }

  private async oneByOne(rows: BatchRow[], handler: RowHandler, context: CallContext, inSavepoint: InSavepoint) {
    const outcomes: RowToCommit[] = [];
    for (const row of rows) outcomes.push(await processRow(row, handler, this.schemas, context, inSavepoint));
    return outcomes;
  }
}
