import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../clock';
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
}

/**
 * The transactional outbox (docs/decisions/0033-transactional-outbox.md): a mail is written in the same transaction as
 * the change that causes it, so it is never lost when the mail server is down, and delivered
 * later by whichever gateway process claims it first.
 */
export class Outbox {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Writes the mail with the caller's transaction. A second mail for the same event is ignored. */
  async enqueue(mail: OutgoingMail, manager: EntityManager): Promise<void> {
    const now = sqlDateTime(this.clock.now());
    try {
      await manager.query(
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

  /**
   * Claims up to `limit` due messages for `worker` until `leaseMs` from now. A claim is one
   * conditional UPDATE per message, so two processes never both hold one.
   */
  async claimDue(worker: string, limit: number, leaseMs: number, exclude: readonly number[] = []): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const notIn = exclude.length > 0 ? ` AND id NOT IN (${exclude.map(() => '?').join(', ')})` : '';
    const due = await this.db.query<{ id: number }[]>(
      `SELECT id FROM outbox_messages WHERE status = 'PENDING' AND next_attempt_at <= ?
         AND (claimed_until IS NULL OR claimed_until < ?)${notIn} ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`,
      [sqlDateTime(now), sqlDateTime(now), ...exclude],
    );
    const claimed: OutboxMessage[] = [];
    for (const { id } of due) {
      const won = await this.db.transaction(async (manager) => {
        await manager.query(
          `UPDATE outbox_messages SET claimed_by = ?, claimed_until = ?
             WHERE id = ? AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)`,
          [worker, sqlDateTime(new Date(now.getTime() + leaseMs)), id, sqlDateTime(now)],
        );
        const rows: (Row & { claimed_by: string })[] = await manager.query('SELECT * FROM outbox_messages WHERE id = ?', [id]);
        return rows[0]?.claimed_by === worker ? rows[0] : undefined;
      });
      if (won) claimed.push(toMessage(won));
    }
    return claimed;
  }

  async markSent(id: number, worker: string): Promise<void> {
    await this.db.write(
      `UPDATE outbox_messages SET status = 'SENT', sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL
         WHERE id = ? AND claimed_by = ?`,
      [sqlDateTime(this.clock.now()), id, worker],
    );
  }

  /** Schedules another try after a backoff; past `maxAttempts` the message is marked FAILED. */
  async markFailed(message: OutboxMessage, worker: string, error: string, retryInMs: number, maxAttempts: number): Promise<void> {
    const failed = message.attempts + 1 >= maxAttempts;
    await this.db.write(
      `UPDATE outbox_messages SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ?
         WHERE id = ? AND claimed_by = ?`,
      [
        failed ? 'FAILED' : 'PENDING',
        sqlDateTime(new Date(this.clock.now().getTime() + retryInMs)),
        error.slice(0, 500),
        message.id,
        worker,
      ],
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

  static workerId(): string {
    return `${process.pid}-${randomUUID().slice(0, 8)}`;
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
