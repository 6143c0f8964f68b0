import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { createLogger } from '../platform/logger';
import { fileTransport, MailDelivery, smtpTransport } from '../platform/mail/mail-delivery';
import { Outbox } from '../platform/mail/outbox';
import { DataChallengeStore } from './data-challenge.store';
import { MonthlyReport, parseMonth } from './monthly-report';
import { monthOf } from './report-schedule';

export interface MonthlyReportCommandConfig {
  serviceDeskEmail: string;
  edcReportTimeZone: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailDir: string;
  mailMaxAttempts: number;
  logLevel: 'error' | 'warn' | 'info' | 'http' | 'debug';
}

/**
 * `edc-monthly-report [--month yyyy-mm]`: queues each AO's report of open challenges for the month
 * (by default the current one, in the schedule's time zone), then makes one delivery pass. A report
 * already queued for that AO and month is not queued again; what the pass cannot deliver now, a
 * running gateway delivers later.
 */
export async function edcMonthlyReportCommand(
  deps: { db: Database; audit: AuditTrail; clock: Clock; config: MonthlyReportCommandConfig },
  monthOption: string | undefined,
): Promise<{ lines: string[]; exitCode: number }> {
  const { db, audit, clock, config } = deps;
  const month = monthOption === undefined ? monthOf(clock.now(), config.edcReportTimeZone) : parseMonth(monthOption);
  const outbox = new Outbox(db, clock);
  const report = await new MonthlyReport(db, new DataChallengeStore(db), outbox, audit, clock, config.serviceDeskEmail).run(
    month,
    'cli',
  );
  const lines = report.organisations.map(
    (o) => `  ${o.ukprn} ${o.name}: ${o.open} open, ${o.queued ? 'queued for' : 'already queued earlier for'} ${o.to}`,
  );
  const logger = createLogger(config.logLevel);
  const delivery = new MailDelivery(
    outbox,
    config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : fileTransport(config.mailDir, config.mailFrom, logger),
    logger,
    {
      intervalMs: 1000,
      batchSize: 20,
      leaseMs: 60_000,
      maxAttempts: config.mailMaxAttempts,
      baseBackoffMs: 1000,
      maxBackoffMs: 3_600_000,
    },
  );
  const sent = await delivery.deliverDue();
  await delivery.stop();
  const queued = report.organisations.filter((o) => o.queued).length;
  return {
    lines: [
      `monthly data challenge report for ${month}: ${report.organisations.length} awarding organisation(s) ` +
        `with open challenges, ${queued} report(s) queued now; ${sent} message(s) delivered by this pass`,
      ...lines,
    ],
    exitCode: 0,
  };
}
