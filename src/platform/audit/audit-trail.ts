import type { Clock } from '../clock';
import { sqlDateTime } from '../data-source';
import type { Database } from '../database';
import type { CallContext, Surface } from '../call-context';
import { type AuditRow as Row, AuditTrailStore } from './audit-trail.store';

/** Who did what, through which surface, with what outcome. Never learner demographics. */
export interface AuditRecord {
  correlationId: string;
  surface: Surface;
  operation: string;
  /** OK, or the stable error code of the rejection, or an operation's own result code. */
  outcome: string;
  organisationId?: number | null;
  userId?: number | null;
  username?: string | null;
  /** What was acted on: a ULN, a username, a job id. */
  subject?: string | null;
}

/** The audit entry of a call: who (from its context), what and on what; never a learner's demographics. */
export function auditEntryOf(context: CallContext, operation: string, subject: string | null, outcome = 'OK'): AuditRecord {
  return {
    correlationId: context.correlationId,
    surface: context.surface,
    operation,
    outcome,
    organisationId: context.principal.organisationId,
    userId: context.principal.userId,
    username: context.principal.username,
    subject,
  };
}

const MAX_ROWS_PER_FLUSH = 200;
/** Statement sizes a flush is cut into, so only these few statements are ever prepared. */
const STATEMENT_SIZES = [200, 50, 10, 1];
/** Entries kept while the database is unreachable; past this the oldest are reported and dropped. */
const MAX_BUFFERED = 50_000;

export interface AuditTrailOptions {
  /** How long read-only calls' entries may wait to be written together; 0 writes each at once. */
  flushMs: number;
  onError: (error: unknown, dropped: number) => void;
}

/**
 * The append-only audit trail. A change and its entry commit together: `record` and `recordMany`
 * join the transaction the caller has open (docs/decisions/0094-one-way-to-the-database.md).
 * Calls that change nothing (verifications, refusals) use `recordSoon`: their entries are written
 * in batches, one statement per batch, within `flushMs`, because a commit per call would cost more
 * than the call itself; they never join, nor wait for, the caller's transaction. On graceful
 * shutdown the buffer is flushed; a hard crash can lose at most the last `flushMs` of such entries.
 */
export class AuditTrail {
  private readonly store: AuditTrailStore;
  private buffer: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: AuditTrailOptions = { flushMs: 0, onError: () => undefined },
  ) {
    this.store = new AuditTrailStore(db);
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.store.append([this.row(entry)]);
  }

  /** Many entries committed with the caller's transaction (a batch chunk): one statement per 500. */
  async recordMany(entries: AuditRecord[]): Promise<void> {
    const rows = entries.map((entry) => this.row(entry));
    for (let start = 0; start < rows.length; start += 500) await this.store.append(rows.slice(start, start + 500));
  }

  recordSoon(entry: AuditRecord): void {
    if (this.options.flushMs === 0) {
      this.db.detached(() => this.record(entry)).catch((error: unknown) => this.options.onError(error, 0));
      return;
    }
    this.buffer.push(this.row(entry));
    if (this.buffer.length > MAX_BUFFERED) {
      const dropped = this.buffer.length - MAX_BUFFERED;
      this.buffer.splice(0, dropped);
      this.options.onError(new Error('audit buffer full'), dropped);
    }
    if (this.buffer.length >= MAX_ROWS_PER_FLUSH) void this.db.detached(() => this.flush());
    else this.timer ??= this.later(this.options.flushMs);
  }

  /**
   * Writes everything buffered when it is called, a statement per slice, and returns once it and
   * any write already under way are done: a clean stop loses nothing, however much was waiting (a
   * database that was away leaves more than one slice's worth). Entries that arrive meanwhile wait
   * for the next flush. Stops at the first failure, keeping what was not written for the next attempt.
   */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let owed = this.buffer.length;
    for (;;) {
      if (this.flushing) await this.flushing;
      else if (owed <= 0 || this.buffer.length === 0) break;
      else if (await this.writeSome()) owed -= MAX_ROWS_PER_FLUSH;
      else break;
    }
    if (this.buffer.length > 0) this.timer ??= this.later(Math.max(this.options.flushMs, 100));
  }

  /** One transaction of at most MAX_ROWS_PER_FLUSH buffered rows; false when it failed. */
  private async writeSome(): Promise<boolean> {
    const rows = this.buffer.splice(0, MAX_ROWS_PER_FLUSH);
    // Detached: a flush asked for inside a caller's transaction still commits on its own.
    const attempt = this.db.detached(() =>
      this.db.transaction(async () => {
        for (const chunk of chunks(rows)) await this.store.append(chunk);
      }),
    );
    this.flushing = attempt.then(
      () => undefined,
      () => undefined,
    );
    try {
      await attempt;
      return true;
    } catch (error) {
      this.buffer.unshift(...rows); // kept for the next attempt
      this.options.onError(error, 0);
      return false;
    } finally {
      this.flushing = undefined;
    }
  }

  private later(ms: number): NodeJS.Timeout {
    return this.db.detached(() => setTimeout(() => void this.flush(), ms).unref());
  }

  get pending(): number {
    return this.buffer.length;
  }

  private row(entry: AuditRecord): Row {
    return [
      sqlDateTime(this.clock.now()),
      entry.correlationId.slice(0, 64),
      entry.surface,
      entry.operation.slice(0, 60),
      entry.outcome.slice(0, 60),
      entry.organisationId ?? null,
      entry.userId ?? null,
      entry.username?.slice(0, 35) ?? null,
      entry.subject?.slice(0, 100) ?? null,
    ];
  }
}

/** Rows cut into statements of the fixed sizes, largest first. */
function chunks(rows: Row[]): Row[][] {
  const out: Row[][] = [];
  let start = 0;
  for (const size of STATEMENT_SIZES) {
    while (rows.length - start >= size) {
      out.push(rows.slice(start, start + size));
      start += size;
    }
  }
  return out;
}
