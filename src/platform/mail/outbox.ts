import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Database } from '../database';
import { type OutboxMessage, OutboxStore, type OutgoingMail } from './outbox.store';

export type { MailAttachment, OutboxMessage, OutgoingMail } from './outbox.store';

/**
 * The transactional outbox (docs/decisions/0033-transactional-outbox.md): a mail is written in the same transaction as
 * the change that causes it, so it is never lost when the mail server is down, and delivered
 * later by whichever gateway process claims it first.
 */
export class Outbox {
  private readonly store: OutboxStore;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.store = new OutboxStore(db);
  }

  /**
   * Writes the mail with the transaction the caller has open (docs/decisions/0094-one-way-to-the-database.md).
   * A second mail for the same event is ignored.
   */
  async enqueue(mail: OutgoingMail): Promise<void> {
    await this.store.add(mail, this.clock.now());
  }

  /**
   * Claims up to `limit` due messages for `worker` until `leaseMs` from now. A claim is one
   * conditional UPDATE per message, so two processes never both hold one.
   */
  async claimDue(worker: string, limit: number, leaseMs: number, exclude: readonly number[] = []): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + leaseMs);
    const claimed: OutboxMessage[] = [];
    for (const id of await this.store.due(now, limit, exclude)) {
      const won = await this.db.transaction(() => this.store.claim(id, worker, now, until));
      if (won) claimed.push(won);
    }
    return claimed;
  }

  async markSent(id: number, worker: string): Promise<void> {
    await this.store.markSent(id, worker, this.clock.now());
  }

  /** Schedules another try after a backoff; past `maxAttempts` the message is marked FAILED. */
  async markFailed(message: OutboxMessage, worker: string, error: string, retryInMs: number, maxAttempts: number): Promise<void> {
    const retryAt = new Date(this.clock.now().getTime() + retryInMs);
    await this.store.markFailed(message.id, worker, error, retryAt, message.attempts + 1 >= maxAttempts);
  }

  /** Messages waiting to be delivered (for metrics and the operator). */
  backlog(): Promise<{ pending: number; failed: number; oldestPendingAt: Date | null }> {
    return this.store.backlog();
  }

  static workerId(): string {
    return `${process.pid}-${randomUUID().slice(0, 8)}`;
  }
}
