import type { DataSource } from 'typeorm';
import { systemClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { testLogger } from '../support/log-capture';
import { MailDelivery, smtpTransport } from '../../src/platform/mail/mail-delivery';
import { Outbox } from '../../src/platform/mail/outbox';
import { eachDatabase } from '../support/databases';
import { SmtpSink } from '../support/smtp-sink';

const options = { intervalMs: 50, batchSize: 5, leaseMs: 60_000, maxAttempts: 10, baseBackoffMs: 1, maxBackoffMs: 5 };

describe.each(eachDatabase())('the mail outbox on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let outbox: Outbox;
  const sink = new SmtpSink();
  const logger = testLogger();
  const deliverer = () =>
    new MailDelivery(outbox, smtpTransport(sink.url, 'LRS Gateway <no-reply@test.invalid>'), logger, options);

  beforeAll(async () => {
    dataSource = await database.open();
    db = new Database(dataSource);
    outbox = new Outbox(db, systemClock);
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await database.drop();
  });

  const enqueue = (key: string, to = 'resolver@ao.test.invalid') =>
    db.transaction(() => outbox.enqueue({ dedupeKey: key, kind: 'test', to, subject: `Subject ${key}`, text: `Body of ${key}` }));

  test('a mail written with its transaction arrives once, with its recipient and content', async () => {
    await enqueue('first');
    await enqueue('first'); // the same event again: ignored
    const delivery = deliverer();
    expect(await delivery.deliverDue()).toBe(1);
    await delivery.stop();
    const mail = sink.received.find((m) => m.raw.includes('Subject first'));
    expect(mail?.to).toEqual(['resolver@ao.test.invalid']);
    expect(mail?.raw).toContain('Body of first');
    expect(sink.received.filter((m) => m.raw.includes('Subject first'))).toHaveLength(1);
  });

  test('a rolled-back change leaves no mail behind', async () => {
    await expect(
      db.transaction(async () => {
        await outbox.enqueue({ dedupeKey: 'rolled-back', kind: 'test', to: 'x@test.invalid', subject: 's', text: 't' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await dataSource.query("SELECT id FROM outbox_messages WHERE dedupe_key = 'rolled-back'")).toEqual([]);
  });

  test('with the SMTP server down the message waits; once it is back it is delivered, once, even after a restart', async () => {
    const port = sink.port;
    await sink.stop();
    await enqueue('while-down');
    const first = deliverer();
    expect(await first.deliverDue()).toBe(0);
    await first.stop();
    const waiting = await dataSource.query("SELECT status, attempts FROM outbox_messages WHERE dedupe_key = 'while-down'");
    expect(waiting[0]).toMatchObject({ status: 'PENDING', attempts: 1 });
    await sink.start(port);
    await new Promise((resolve) => setTimeout(resolve, 20)); // past the (tiny) backoff
    const restarted = deliverer();
    expect(await restarted.deliverDue()).toBe(1);
    await restarted.stop();
    const again = deliverer(); // another restart: nothing left to send
    expect(await again.deliverDue()).toBe(0);
    await again.stop();
    expect(sink.received.filter((m) => m.raw.includes('Subject while-down'))).toHaveLength(1);
    expect((await outbox.backlog()).pending).toBe(0);
  });

  test('two gateway processes delivering at once send each message once', async () => {
    for (let i = 0; i < 12; i++) await enqueue(`race-${i}`);
    const a = deliverer();
    const b = deliverer();
    const [sentA, sentB] = await Promise.all([a.deliverDue(), b.deliverDue()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(sentA + sentB).toBe(12);
    for (let i = 0; i < 12; i++)
      expect(
        sink.received.filter((m) => m.raw.includes(`Subject race-${i}\n`) || m.raw.includes(`Subject race-${i}\r`)),
      ).toHaveLength(1);
  });
});
