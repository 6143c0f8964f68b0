import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger';
import { Outbox, type OutboxMessage } from './outbox';

/** Where delivered mail goes: an SMTP server, or files in development. */
export interface MailTransport {
  send(message: OutboxMessage): Promise<void>;
  close(): void;
}

function mailOf(message: OutboxMessage, from: string) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    // The same id on every attempt, so a receiving system can drop a copy sent again after a crash.
    messageId: `<outbox-${message.id}-${message.dedupeKey.replace(/[^A-Za-z0-9.-]/g, '-')}@lrs-gateway>`,
    attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  };
}

export function smtpTransport(url: string, from: string): MailTransport {
  // Pooled: a pass's messages share an SMTP session instead of opening one each (about 110 ms a
  // message here without the pool, 5 ms with it; the soak test's mail backlog showed the difference).
  const transporter = nodemailer.createTransport({ url, pool: true });
  return {
    async send(message) {
      await transporter.sendMail(mailOf(message, from));
    },
    close: () => transporter.close(),
  };
}

/** Development: each mail is written to a .eml file (messages may carry one-time passwords, so never to the log). */
export function fileTransport(dir: string, from: string, logger: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transporter.sendMail(mailOf(message, from));
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${String(message.id).padStart(6, '0')}-${message.kind}.eml`);
      fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      logger.info('mail written to a file (no SMTP_URL set)', { kind: message.kind, file });
    },
    close: () => transporter.close(),
  };
}

export interface DeliveryOptions {
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/** A pass ends after this many messages; the next pass carries on. */
const MAX_PER_PASS = 500;

/**
 * Delivers the outbox: claims due messages, sends each, marks it sent, or schedules a retry
 * with exponential backoff. Runs in every gateway process; claims keep them apart.
 */
export class MailDelivery {
  private readonly worker = Outbox.workerId();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly transport: MailTransport,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  /** One pass over the due messages; answers how many were sent. */
  deliverDue(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.deliverDue()
        .catch((error: unknown) => this.logger.warn('mail delivery pass failed', { error: String(error) }))
        .finally(() => this.schedule());
    }, this.options.intervalMs).unref();
  }

  /** Each message is tried at most once per pass: a failure waits for its backoff and a later pass. */
  private async pass(): Promise<number> {
    let sent = 0;
    const tried: number[] = [];
    for (;;) {
      const batch = await this.outbox.claimDue(this.worker, this.options.batchSize, this.options.leaseMs, tried);
      if (batch.length === 0) return sent;
      for (const message of batch) {
        tried.push(message.id);
        try {
          await this.transport.send(message);
          await this.outbox.markSent(message.id, this.worker);
          sent++;
        } catch (error) {
          const backoff = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** message.attempts);
          await this.outbox.markFailed(message, this.worker, String(error), backoff, this.options.maxAttempts);
          this.logger.warn('mail not delivered; will retry', {
            kind: message.kind,
            attempts: message.attempts + 1,
            error: String(error),
          });
        }
      }
      if (this.stopped || tried.length >= MAX_PER_PASS) return sent;
    }
  }
}
