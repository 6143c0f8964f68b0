import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Clock, dayAfter } from '../platform/clock';
import { dateFromSql, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { BatchJob, BatchJobFilter, BatchJobStatus, BatchOrigin } from './batch-job';
import { lanesFor, needsLinks } from './batch-lanes';
import type { BatchFormat, BatchType } from './batch-layouts';

interface JobRow {
  id: number | string;
  organisation_id: number;
  user_id: number;
  username: string;
  type: BatchType;
  format: BatchFormat;
  file_name: string;
  origin: BatchOrigin;
  content_sha256: string;
  content_bytes: number;
  duplicate_of_job_id: number | string | null;
  status: BatchJobStatus;
  cancel_requested: number;
  row_count: number | null;
  next_row: number;
  rows_succeeded: number;
  rows_failed: number;
  counters: string | null;
  attempts: number;
  failure_reason: string | null;
  details: string | null;
  submitted_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
}

/** How a worker cuts a job it is the first to take up: the configured lanes, and the rows of its chunks. */
export interface LaneCut {
  lanes: number;
  chunkRows: number;
}

/** A job as a worker takes it up: with the number of lanes its rows are cut into, and the lane it claimed. */
export interface TakenJob extends BatchJob {
  lanes: number;
  lane: number;
}

export type NewJob = Pick<BatchJob, 'organisationId' | 'userId' | 'username' | 'type' | 'format' | 'fileName' | 'origin'> & {
  details?: Record<string, unknown>;
};

export interface RowOutcome {
  rowNumber: number;
  outcome: string;
  output: Record<string, string | undefined>;
}

/** A row to commit: its outcome, and whether it counts as a success. */
export interface RowToCommit extends RowOutcome {
  succeeded: boolean;
}

/**
 * A job with work to hand out (parameters: now, now): waiting, or in progress with a lane that
 * nobody holds or whose worker stopped renewing it (docs/decisions/0095-batch-job-lanes.md). A job
 * taken up before it had lanes is handed out when its one worker has gone quiet.
 */
const HAS_WORK = `status = 'WAITING' OR (status = 'IN_PROGRESS' AND ((lanes IS NULL AND claimed_until < ?)
  OR EXISTS (SELECT 1 FROM batch_job_lanes l WHERE l.job_id = batch_jobs.id AND l.done = 0
    AND (l.claimed_until IS NULL OR l.claimed_until < ?))))`;

/** The stored upload is cut into pieces of this size, so no statement carries the whole file. */
export const PIECE_BYTES = 512 * 1024;
const RESULT_PAGE = 1000;
/** Result rows per INSERT: a chunk of up to this many rows stores its results in one statement. */
const RESULTS_PER_STATEMENT = 500;

/** Batch jobs, their uploads and their results, in the database every worker shares (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md). */
export class BatchStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly pieceBytes = PIECE_BYTES,
  ) {}

  /**
   * Stores an upload whole, in pieces of `pieceBytes` as it arrives (memory stays flat), hashing
   * it on the way. The job is not claimable until the upload is complete; an upload that fails
   * on the way (a check of the content refuses it) leaves nothing behind.
   */
  async receive(job: NewJob, content: AsyncIterable<Buffer | string>): Promise<{ id: number; sha256: string; bytes: number }> {
    const now = sqlDateTime(this.clock.now());
    const id = await this.db.transaction(() =>
      this.db.insert(
        `INSERT INTO batch_jobs (organisation_id, user_id, username, type, format, file_name, origin, content_sha256, content_bytes,
           status, details, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 'RECEIVING', ?, ?)`,
        [
          job.organisationId,
          job.userId,
          job.username,
          job.type,
          job.format,
          job.fileName,
          job.origin,
          JSON.stringify(job.details ?? {}),
          now,
        ],
      ),
    );
    const hash = createHash('sha256');
    let bytes = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (size: number) => {
      const joined = Buffer.concat(pending, pendingBytes);
      const rest = joined.subarray(size);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      await this.db.run('INSERT INTO batch_job_chunks (job_id, seq, data) VALUES (?, ?, ?)', [
        id,
        seq++,
        joined.subarray(0, size),
      ]);
    };
    try {
      for await (const chunk of content) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        hash.update(buffer);
        bytes += buffer.length;
        pending.push(buffer);
        pendingBytes += buffer.length;
        while (pendingBytes >= this.pieceBytes) await flush(this.pieceBytes);
      }
      if (pendingBytes > 0) await flush(pendingBytes);
    } catch (error) {
      await this.discard(id);
      throw error;
    }
    return { id, sha256: hash.digest('hex'), bytes };
  }

  /**
   * Makes a received upload a job the workers can take; its row total, counted on arrival, shows
   * progress from the start. With `claimContent`, the job takes its organisation's unique claim on
   * the file's content: a concurrent upload of the same file that claimed it first makes this fail
   * with a unique violation. Joins the caller's transaction.
   */
  async open(
    id: number,
    upload: { sha256: string; bytes: number; rowCount: number | null },
    duplicateOf: number | null,
    claimContent: boolean,
  ): Promise<void> {
    await this.db.run(
      `UPDATE batch_jobs SET status = 'WAITING', content_sha256 = ?, content_bytes = ?, row_count = ?, duplicate_of_job_id = ?,
         content_claim = ? WHERE id = ?`,
      [upload.sha256, upload.bytes, upload.rowCount, duplicateOf, claimContent ? upload.sha256 : null, id],
    );
    await this.ringQueueSignal();
  }

  /** The queue's signal counter: it moves whenever a job becomes claimable (docs/decisions/0067-waking-workers.md). */
  async queueSignal(): Promise<number> {
    const rows = await this.db.query<{ seq: number | string }[]>('SELECT seq FROM batch_queue_signal WHERE id = 1');
    return Number(rows[0]?.seq ?? 0);
  }

  /** The job of the organisation that holds the claim on this content, if any. */
  async claimHolder(organisationId: number, sha256: string): Promise<number | null> {
    const rows = await this.db.query<{ id: number | string }[]>(
      'SELECT id FROM batch_jobs WHERE organisation_id = ? AND content_claim = ?',
      [organisationId, sha256],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  async discard(id: number): Promise<void> {
    await this.db.transaction(async () => {
      for (const table of ['batch_job_chunks', 'batch_job_parts', 'batch_job_lanes', 'batch_job_links']) {
        await this.db.run(`DELETE FROM ${table} WHERE job_id = ?`, [id]);
      }
      await this.db.run('DELETE FROM batch_jobs WHERE id = ?', [id]);
    });
  }

  /** An earlier job of the organisation with the same type and content, if any. */
  async earlierWithContent(organisationId: number, type: BatchType, sha256: string, beforeId: number): Promise<number | null> {
    const rows = await this.db.query<{ id: number | string }[]>(
      `SELECT id FROM batch_jobs WHERE organisation_id = ? AND type = ? AND content_sha256 = ? AND id < ?
         AND status NOT IN ('RECEIVING', 'CANCELLED', 'FAILED') ORDER BY id LIMIT 1`,
      [organisationId, type, sha256, beforeId],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  /** The stored upload, piece by piece, in order. */
  content(jobId: number): Readable {
    let seq = 0;
    const db = this.db;
    return new Readable({
      async read() {
        try {
          const rows = await db.query<{ data: Buffer | Uint8Array }[]>(
            'SELECT data FROM batch_job_chunks WHERE job_id = ? AND seq = ?',
            [jobId, seq++],
          );
          this.push(rows[0] ? Buffer.from(rows[0].data) : null);
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  }

  async find(id: number): Promise<BatchJob | undefined> {
    const rows = await this.db.query<JobRow[]>('SELECT * FROM batch_jobs WHERE id = ?', [id]);
    return rows[0] && toJob(rows[0]);
  }

  /**
   * An organisation's jobs, newest first, a page at a time (guide Appendix A "View Batch Job"):
   * of the given types, optionally one status and submission days (UTC, inclusive). Jobs still
   * being received are not jobs yet.
   */
  async list(organisationId: number, filter: BatchJobFilter): Promise<{ jobs: BatchJob[]; total: number }> {
    const where = [
      'organisation_id = ?',
      `type IN (${filter.types.map(() => '?').join(', ')})`,
      filter.status ? 'status = ?' : "status <> 'RECEIVING'",
      ...(filter.from ? ['submitted_at >= ?'] : []),
      ...(filter.to ? ['submitted_at < ?'] : []),
    ].join(' AND ');
    const parameters = [
      organisationId,
      ...filter.types,
      ...(filter.status ? [filter.status] : []),
      ...(filter.from ? [`${filter.from} 00:00:00.000`] : []),
      ...(filter.to ? [`${dayAfter(filter.to)} 00:00:00.000`] : []),
    ];
    const offset = (filter.page - 1) * filter.pageSize;
    const [rows, counted] = await Promise.all([
      this.db.query<JobRow[]>(
        `SELECT * FROM batch_jobs WHERE ${where} ORDER BY submitted_at DESC, id DESC LIMIT ${filter.pageSize} OFFSET ${offset}`,
        parameters,
      ),
      this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM batch_jobs WHERE ${where}`, parameters),
    ]);
    return { jobs: rows.map(toJob), total: Number(counted[0]?.n ?? 0) };
  }

  /** How many jobs are in each status (for the metrics gauge; the status index answers it). */
  async countByStatus(): Promise<Map<BatchJobStatus, number>> {
    const rows = await this.db.query<{ status: BatchJobStatus; n: number | string }[]>(
      'SELECT status, COUNT(*) AS n FROM batch_jobs GROUP BY status',
    );
    return new Map(rows.map((row) => [row.status, Number(row.n)]));
  }

  /**
   * Takes up for `worker` the oldest job with work to hand out, and a lane of it: a waiting job is
   * cut into lanes (cutIntoLanes) by the worker that takes it up first, and other workers take up
   * a job in progress by claiming a lane nobody holds (claimLane), then count themselves among its
   * workers. The lanes are claimed outside the job's transaction and the job's row is written
   * alone: a transaction that held the job's row while it read the lanes would deadlock with a
   * chunk's commit, which holds its lane and then locks the job's row.
   * Jobs of a suspended organisation wait, whatever their state, until it is reactivated.
   */
  async claimNext(worker: string, leaseMs: number, cut: LaneCut): Promise<TakenJob | undefined> {
    const now = sqlDateTime(this.clock.now());
    const candidates = await this.db.query<{ id: number | string }[]>(
      `SELECT id FROM batch_jobs WHERE (${HAS_WORK})
         AND organisation_id IN (SELECT id FROM organisations WHERE status = 'ACTIVE') ORDER BY id LIMIT 5`,
      [now, now],
    );
    for (const candidate of candidates) {
      const id = Number(candidate.id);
      const first = await this.db.transaction(async () => {
        const { affected } = await this.db.run(
          `UPDATE batch_jobs SET status = 'IN_PROGRESS', claimed_by = ?, claimed_until = ?, attempts = attempts + 1,
             started_at = COALESCE(started_at, ?)
           WHERE id = ? AND (status = 'WAITING' OR (status = 'IN_PROGRESS' AND lanes IS NULL AND claimed_until < ?))`,
          [worker, this.leaseUntil(leaseMs), now, id, now],
        );
        const job = affected === 1 ? await this.find(id) : undefined;
        if (job) await this.cutIntoLanes(job, cut);
        return job !== undefined;
      });
      const lane = await this.claimLane(id, worker, leaseMs);
      if (lane === undefined) continue;
      if (!first) {
        const { affected } = await this.db.run(
          `UPDATE batch_jobs SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ? AND status = 'IN_PROGRESS'`,
          [worker, this.leaseUntil(leaseMs), id],
        );
        if (affected !== 1) continue; // it ended meanwhile
      }
      const [row] = await this.db.query<(JobRow & { lanes: number })[]>('SELECT * FROM batch_jobs WHERE id = ?', [id]);
      return { ...toJob(row), lanes: Number(row.lanes), lane };
    }
    return undefined;
  }

  /**
   * Cuts a job just taken up into lanes: as many as configured, but no more than it has chunks of
   * rows (a small job gains nothing from more). A job already worked in parts before it had lanes
   * keeps one lane: its parts are runs of consecutive rows, which lanes would cut across. The
   * links are read without locking the learners and written with the job.
   */
  private async cutIntoLanes(job: BatchJob, cut: LaneCut): Promise<void> {
    const [parts] = await this.db.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM batch_job_parts WHERE job_id = ?', [
      job.id,
    ]);
    const chunks = job.rowCount === null ? Infinity : Math.ceil(job.rowCount / cut.chunkRows);
    const lanes = Number(parts.n) > 0 ? 1 : Math.max(1, Math.min(lanesFor(job.type, cut.lanes), chunks));
    await this.db.run('UPDATE batch_jobs SET lanes = ? WHERE id = ?', [lanes, job.id]);
    await this.db.run(
      `INSERT INTO batch_job_lanes (job_id, lane, done) VALUES ${Array.from({ length: lanes }, () => '(?, ?, 0)').join(', ')}`,
      Array.from({ length: lanes }, (_, lane) => [job.id, lane]).flat(),
    );
    if (!needsLinks(job.type, lanes)) return;
    const links = await this.db.query<{ uln: string; master_uln: string }[]>(
      'SELECT uln, master_uln FROM learners WHERE master_uln IS NOT NULL',
    );
    for (let start = 0; start < links.length; start += RESULTS_PER_STATEMENT) {
      const slice = links.slice(start, start + RESULTS_PER_STATEMENT);
      await this.db.run(
        `INSERT INTO batch_job_links (job_id, uln, master_uln) VALUES ${slice.map(() => '(?, ?, ?)').join(', ')}`,
        slice.flatMap((link) => [job.id, link.uln, link.master_uln]),
      );
    }
  }

  /** The links between learners as they stood when the job was cut into lanes: linked ULN to master. */
  async linksOf(jobId: number): Promise<Map<string, string>> {
    const rows = await this.db.query<{ uln: string; master_uln: string }[]>(
      'SELECT uln, master_uln FROM batch_job_links WHERE job_id = ?',
      [jobId],
    );
    return new Map(rows.map((row) => [row.uln, row.master_uln]));
  }

  /**
   * A lane of the job for `worker`: one nobody holds, or whose worker stopped renewing it (it is
   * then taken over: the earlier worker's next commit in it fails in lockForChunk). Undefined
   * when every lane is done or held.
   */
  async claimLane(jobId: number, worker: string, leaseMs: number): Promise<number | undefined> {
    const now = sqlDateTime(this.clock.now());
    const free = await this.db.query<{ lane: number }[]>(
      `SELECT lane FROM batch_job_lanes WHERE job_id = ? AND done = 0 AND (claimed_until IS NULL OR claimed_until < ?)
         ORDER BY lane`,
      [jobId, now],
    );
    for (const { lane } of free) {
      const { affected } = await this.db.run(
        `UPDATE batch_job_lanes SET claimed_by = ?, claimed_until = ?
           WHERE job_id = ? AND lane = ? AND done = 0 AND (claimed_until IS NULL OR claimed_until < ?)`,
        [worker, this.leaseUntil(leaseMs), jobId, lane, now],
      );
      if (affected === 1) return Number(lane);
    }
    return undefined;
  }

  /**
   * The part of a job that starts at `firstRow`: claimed for `worker` if nobody has it (it then
   * ends at `lastRow`), or taken over if it is not done: the caller holds the part's lane, so an
   * earlier holder of the part has lost it (its commit then fails in lockForChunk). `mine` is false
   * when it is done; `lastRow` is where it ends either way, so every holder of the lane cuts it at
   * the same rows. docs/decisions/0071-batch-job-parts.md
   */
  async claimPart(
    jobId: number,
    firstRow: number,
    lastRow: number,
    worker: string,
    leaseMs: number,
  ): Promise<{ firstRow: number; lastRow: number; mine: boolean }> {
    const until = this.leaseUntil(leaseMs);
    try {
      await this.db.run(
        'INSERT INTO batch_job_parts (job_id, first_row, last_row, claimed_by, claimed_until, done) VALUES (?, ?, ?, ?, ?, 0)',
        [jobId, firstRow, lastRow, worker, until],
      );
      return { firstRow, lastRow, mine: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    await this.db.run(
      'UPDATE batch_job_parts SET claimed_by = ?, claimed_until = ? WHERE job_id = ? AND first_row = ? AND done = 0',
      [worker, until, jobId, firstRow],
    );
    const [part] = await this.db.query<{ last_row: number; claimed_by: string; done: number }[]>(
      'SELECT last_row, claimed_by, done FROM batch_job_parts WHERE job_id = ? AND first_row = ?',
      [jobId, firstRow],
    );
    return { firstRow, lastRow: Number(part.last_row), mine: part.claimed_by === worker && Number(part.done) === 0 };
  }

  /** The file has `rows` rows (a worker read to its end). */
  async noteFileRows(jobId: number, rows: number): Promise<void> {
    await this.db.run('UPDATE batch_jobs SET file_rows = ? WHERE id = ? AND file_rows IS NULL', [rows, jobId]);
  }

  /**
   * Marks the lane done, if `worker` still holds it (every part of it is then committed), and
   * when it was the last lane open finishes the job as SUCCESSFUL, in one transaction: no moment
   * is seen in which every lane is done and the job is not. The job's row is locked after the
   * lane's, in the order a chunk's commit takes them, so two workers ending their lanes at once
   * take turns and the second sees the first's lane done.
   */
  async endLane(
    jobId: number,
    lane: number,
    worker: string,
    rows: number,
    finished: (job: BatchJob) => Promise<void> = async () => undefined,
  ): Promise<void> {
    await this.db.transaction(async () => {
      const { affected } = await this.db.run(
        'UPDATE batch_job_lanes SET done = 1, claimed_until = NULL WHERE job_id = ? AND lane = ? AND claimed_by = ? AND done = 0',
        [jobId, lane, worker],
      );
      if (affected !== 1) return;
      await this.db.query(`SELECT id FROM batch_jobs WHERE id = ?${this.db.sqlite ? '' : ' FOR UPDATE'}`, [jobId]);
      const [open] = await this.db.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM batch_job_lanes WHERE job_id = ? AND done = 0',
        [jobId],
      );
      if (Number(open.n) === 0) await this.finish(jobId, worker, 'SUCCESSFUL', null, rows, finished);
    });
  }

  /** Extends the lease of the job and of the lanes and parts `worker` holds; false when the job is no longer in progress. */
  async renew(id: number, worker: string, leaseMs: number): Promise<boolean> {
    const until = this.leaseUntil(leaseMs);
    await this.db.run("UPDATE batch_jobs SET claimed_until = ? WHERE id = ? AND status = 'IN_PROGRESS'", [until, id]);
    for (const table of ['batch_job_lanes', 'batch_job_parts']) {
      await this.db.run(`UPDATE ${table} SET claimed_until = ? WHERE job_id = ? AND claimed_by = ? AND done = 0`, [
        until,
        id,
        worker,
      ]);
    }
    const rows = await this.db.query<{ status: string }[]>('SELECT status FROM batch_jobs WHERE id = ?', [id]);
    return rows[0]?.status === 'IN_PROGRESS';
  }

  /**
   * Takes the lane for one chunk's transaction: only if `worker` still holds it, it is not done,
   * and the job is in progress. The UPDATE locks the lane's row (MySQL) until the chunk commits,
   * so a worker taking the lane over waits for the commit and then reads the chunk's part as done;
   * and a worker that lost its lane commits nothing more in it, so a lane's parts commit in file
   * order. Only the lane's holder claims its parts, so holding the lane is holding the part.
   */
  async lockForChunk(id: number, lane: number, worker: string, leaseMs: number): Promise<boolean> {
    const held = await this.db.run(
      'UPDATE batch_job_lanes SET claimed_until = ? WHERE job_id = ? AND lane = ? AND claimed_by = ? AND done = 0',
      [this.leaseUntil(leaseMs), id, lane, worker],
    );
    if (held.affected !== 1) return false;
    const rows = await this.db.query<{ status: string }[]>('SELECT status FROM batch_jobs WHERE id = ?', [id]);
    return rows[0]?.status === 'IN_PROGRESS';
  }

  /**
   * Commits a part's results, marks it done and adds its counts to the job's, in the chunk's
   * transaction. `firstRow` is the part's first row; `counters`, its rows by outcome. The job
   * row is locked last and only briefly, so the chunks of several workers commit side by side.
   */
  async saveChunk(jobId: number, firstRow: number, outcomes: RowToCommit[], counters: Record<string, number>): Promise<void> {
    for (let start = 0; start < outcomes.length; start += RESULTS_PER_STATEMENT) {
      const slice = outcomes.slice(start, start + RESULTS_PER_STATEMENT);
      await this.db.run(
        `INSERT INTO batch_job_results (job_id, row_no, outcome, output) VALUES ${slice.map(() => '(?, ?, ?, ?)').join(', ')}`,
        slice.flatMap((o) => [jobId, o.rowNumber, o.outcome.slice(0, 60), JSON.stringify(o.output)]),
      );
    }
    await this.db.run('UPDATE batch_job_parts SET done = 1 WHERE job_id = ? AND first_row = ?', [jobId, firstRow]);
    const [held] = await this.db.query<{ counters: string | null }[]>(
      `SELECT counters FROM batch_jobs WHERE id = ?${this.db.sqlite ? '' : ' FOR UPDATE'}`,
      [jobId],
    );
    const total: Record<string, number> = held.counters ? JSON.parse(held.counters) : {};
    for (const [outcome, n] of Object.entries(counters)) total[outcome] = (total[outcome] ?? 0) + n;
    const succeeded = outcomes.filter((o) => o.succeeded).length;
    await this.db.run(
      'UPDATE batch_jobs SET next_row = next_row + ?, rows_succeeded = rows_succeeded + ?, rows_failed = rows_failed + ?, counters = ? WHERE id = ?',
      [outcomes.length, succeeded, outcomes.length - succeeded, JSON.stringify(total), jobId],
    );
  }

  async finish(
    id: number,
    worker: string,
    status: BatchJobStatus,
    failureReason: string | null,
    rowCount: number | null,
    finished: (job: BatchJob) => Promise<void> = async () => undefined,
  ): Promise<void> {
    // A failed or cancelled job gives up its claim on the content: the file may be sent again.
    const claim = status === 'SUCCESSFUL' ? 'content_claim' : 'NULL';
    await this.db.transaction(async () => {
      // Any worker of the job may finish it (the one that saw every lane done); it becomes the holder.
      const { affected } = await this.db.run(
        `UPDATE batch_jobs SET status = ?, failure_reason = ?, row_count = COALESCE(?, row_count), finished_at = ?, claimed_until = NULL,
           claimed_by = ?, content_claim = ${claim} WHERE id = ? AND status = 'IN_PROGRESS'`,
        [status, failureReason?.slice(0, 500) ?? null, rowCount, sqlDateTime(this.clock.now()), worker, id],
      );
      if (affected !== 1) return;
      await this.db.run('DELETE FROM batch_job_links WHERE job_id = ?', [id]);
      // Told in the same transaction, and only by the worker that finished it.
      const job = await this.find(id);
      if (job) await finished(job);
    });
  }

  /** Lets another worker take up at once the lanes and parts `worker` holds in the job (a graceful stop between chunks). */
  async release(id: number, worker: string): Promise<void> {
    const past = sqlDateTime(new Date(0));
    // The lanes before the job's row, in the order a chunk's commit locks them.
    await this.db.transaction(async () => {
      for (const table of ['batch_job_lanes', 'batch_job_parts']) {
        await this.db.run(`UPDATE ${table} SET claimed_until = ? WHERE job_id = ? AND claimed_by = ? AND done = 0`, [
          past,
          id,
          worker,
        ]);
      }
      await this.db.run("UPDATE batch_jobs SET claimed_until = ? WHERE id = ? AND status = 'IN_PROGRESS'", [past, id]);
      await this.ringQueueSignal();
    });
  }

  /** Whether the organisation may have its jobs worked now (it is not suspended). */
  async organisationActive(organisationId: number): Promise<boolean> {
    const rows = await this.db.query<{ status: string }[]>('SELECT status FROM organisations WHERE id = ?', [organisationId]);
    return rows[0]?.status === 'ACTIVE';
  }

  private leaseUntil(leaseMs: number): string {
    return sqlDateTime(new Date(this.clock.now().getTime() + leaseMs));
  }

  /** Moves the queue's signal counter: a job became claimable (docs/decisions/0067-waking-workers.md). */
  private async ringQueueSignal(): Promise<void> {
    await this.db.run('UPDATE batch_queue_signal SET seq = seq + 1 WHERE id = 1');
  }

  /** Cancels a job that has not finished: a waiting one at once, a running one at its next chunk. */
  async requestCancel(id: number): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run(
        "UPDATE batch_jobs SET status = 'CANCELLED', finished_at = ?, cancel_requested = 1, content_claim = NULL WHERE id = ? AND status IN ('WAITING', 'RECEIVING')",
        [sqlDateTime(this.clock.now()), id],
      );
      await this.db.run("UPDATE batch_jobs SET cancel_requested = 1 WHERE id = ? AND status = 'IN_PROGRESS'", [id]);
    });
  }

  /** The results in row order, a page at a time (memory stays flat for any size of job). */
  async *results(jobId: number): AsyncGenerator<RowOutcome> {
    let after = 0;
    for (;;) {
      const rows = await this.db.query<{ row_no: number; outcome: string; output: string }[]>(
        `SELECT row_no, outcome, output FROM batch_job_results WHERE job_id = ? AND row_no > ? ORDER BY row_no LIMIT ${RESULT_PAGE}`,
        [jobId, after],
      );
      for (const row of rows) {
        yield {
          rowNumber: row.row_no,
          outcome: row.outcome,
          output: JSON.parse(row.output),
        };
      }
      if (rows.length < RESULT_PAGE) return;
      after = rows[rows.length - 1].row_no;
    }
  }
}

function toJob(row: JobRow): BatchJob {
  const date = (value: string | Date | null) => (value === null ? null : dateFromSql(value));
  return {
    id: Number(row.id),
    organisationId: row.organisation_id,
    userId: row.user_id,
    username: row.username,
    type: row.type,
    format: row.format,
    fileName: row.file_name,
    origin: row.origin,
    contentSha256: row.content_sha256,
    contentBytes: row.content_bytes,
    duplicateOfJobId: row.duplicate_of_job_id === null ? null : Number(row.duplicate_of_job_id),
    status: row.status,
    cancelRequested: Boolean(Number(row.cancel_requested)),
    rowCount: row.row_count,
    nextRow: row.next_row,
    rowsSucceeded: row.rows_succeeded,
    rowsFailed: row.rows_failed,
    counters: row.counters ? (JSON.parse(row.counters) as Record<string, number>) : {},
    attempts: row.attempts,
    failureReason: row.failure_reason,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {},
    submittedAt: dateFromSql(row.submitted_at),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
  };
}
