import { dateFromSql, isUniqueViolation, sqlDateTime } from '../data-source';
import type { Database } from '../database';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutgoingMail {
  /** What caused it, unique per event (e.g. edc-created:42): the same event never gives a second message. */
  dedupeKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface OutboxMessage extends OutgoingMail {
  id: number;
  attempts: number;
}

interface Row {
  id: number;
  dedupe_key: string;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  attachments: string | null;
  attempts: number;
  claimed_by: string | null;
}

/** The outbox_messages table (docs/decisions/0033-transactional-outbox.md). */
export class OutboxStore {
  constructor(private readonly db: Database) {}

  /** A pending mail, due at once. A second mail for the same event is ignored. */
  async add(mail: OutgoingMail, at: Date): Promise<void> {
    const now = sqlDateTime(at);
    try {
      await this.db.run(
        `INSERT INTO outbox_messages (dedupe_key, kind, recipient, subject, body_text, attachments, status, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)`,
        [
          mail.dedupeKey,
          mail.kind,
          mail.to,
          mail.subject,
          mail.text,
          mail.attachments ? JSON.stringify(mail.attachments) : null,
          now,
          now,
        ],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Pending messages due by `now` and claimed by nobody (or whose claim has run out), oldest first. */
  async due(now: Date, limit: number, exclude: readonly number[]): Promise<number[]> {
    const notIn = exclude.length > 0 ? ` AND id NOT IN (${exclude.map(() => '?').join(', ')})` : '';
    const rows = await this.db.query<{ id: number }[]>(
      `SELECT id FROM outbox_messages WHERE status = 'PENDING' AND next_attempt_at <= ?
         AND (claimed_until IS NULL OR claimed_until < ?)${notIn} ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`,
      [sqlDateTime(now), sqlDateTime(now), ...exclude],
    );
    return rows.map((row) => row.id);
  }

  /** Claims one message for `worker` until `until` if it is still free at `now`; the message when this worker holds it. */
  async claim(id: number, worker: string, now: Date, until: Date): Promise<OutboxMessage | undefined> {
    await this.db.run(
      `UPDATE outbox_messages SET claimed_by = ?, claimed_until = ?
         WHERE id = ? AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)`,
      [worker, sqlDateTime(until), id, sqlDateTime(now)],
    );
    const rows = await this.db.query<Row[]>('SELECT * FROM outbox_messages WHERE id = ?', [id]);
    return rows[0]?.claimed_by === worker ? toMessage(rows[0]) : undefined;
  }

  async markSent(id: number, worker: string, at: Date): Promise<void> {
    await this.db.run(
      `UPDATE outbox_messages SET status = 'SENT', sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL
         WHERE id = ? AND claimed_by = ?`,
      [sqlDateTime(at), id, worker],
    );
  }

  /** Another try at `retryAt`, or FAILED for good. */
  async markFailed(id: number, worker: string, error: string, retryAt: Date, failed: boolean): Promise<void> {
    await this.db.run(
      `UPDATE outbox_messages SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ?
         WHERE id = ? AND claimed_by = ?`,
      [failed ? 'FAILED' : 'PENDING', sqlDateTime(retryAt), error.slice(0, 500), id, worker],
    );
  }

  /** Messages waiting to be delivered (for metrics and the operator). */
  async backlog(): Promise<{ pending: number; failed: number; oldestPendingAt: Date | null }> {
    const rows = await this.db.query<{ status: string; n: number | string; oldest: string | Date | null }[]>(
      "SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox_messages WHERE status <> 'SENT' GROUP BY status",
    );
    const pending = rows.find((r) => r.status === 'PENDING');
    return {
      pending: Number(pending?.n ?? 0),
      failed: Number(rows.find((r) => r.status === 'FAILED')?.n ?? 0),
      oldestPendingAt: pending?.oldest ? dateFromSql(pending.oldest) : null,
    };
  }
}

function toMessage(row: Row): OutboxMessage {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    kind: row.kind,
    to: row.recipient,
    subject: row.subject,
    text: row.body_text,
    attachments: row.attachments ? (JSON.parse(row.attachments) as MailAttachment[]) : undefined,
    attempts: row.attempts,
  };
}
