import { randomUUID } from 'node:crypto';
import { displayReference } from '../achievements/qualification-reference';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Surface } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { spreadsheetSafe } from '../platform/csv/spreadsheet-safe';
import { DomainError } from '../platform/errors';
import type { OutgoingMail, Outbox } from '../platform/mail/outbox';
import { UserStore } from '../users/user.store';
import { fallbackNote, type Recipient, resolverRecipient } from './data-challenge.notifications';
import type { DataChallengeDetail, DataChallengeStore } from './data-challenge.store';

/**
 * guide 6.1: "a report of all open EDCs requiring attention is sent at the beginning of each month
 * ... to the nominated EDC resolver". One message per AO with open challenges per month, the list
 * as a CSV attachment. Its dedupe key edc-monthly:<ukprn>:<yyyy-mm> means a second run (another
 * process, a restart, the CLI) never sends it again.
 */
export interface MonthlyReportLine {
  ukprn: string;
  name: string;
  open: number;
  to: string;
  /** False when that AO's report for the month was already queued (or sent) before this run. */
  queued: boolean;
}

export interface MonthlyReportResult {
  month: string;
  organisations: MonthlyReportLine[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(text: string): string {
  const month = text.trim();
  if (!MONTH.test(month)) throw new DomainError('REQUEST_INVALID', `--month must be yyyy-mm, got "${text}"`);
  return month;
}

export const CSV_HEADINGS = [
  'Id',
  'Status',
  'Type',
  'ProblemType',
  'ULN',
  'AimReference',
  'Title',
  'AwardDate',
  'RaisedByUKPRN',
  'RaisedByOrganisation',
  'RaisedAt',
  'LastChangedAt',
  'DaysOpen',
];

/**
 * The open challenges as CSV (RFC 4180, CRLF). The ULN is there so the AO can act; the learner's
 * names and the free-text description are not (guide 1.3: no ULN with demographics by email).
 */
export function openChallengesCsv(challenges: DataChallengeDetail[], asOf: Date): string {
  const rows = challenges.map((c) => [
    String(c.id),
    c.status,
    c.type,
    c.problemType,
    c.achievement.uln,
    displayReference(c.achievement.aimReference),
    c.achievement.title,
    c.achievement.awardDate,
    c.raisedBy.organisation.ukprn,
    c.raisedBy.organisation.name,
    c.raisedAt.toISOString(),
    c.updatedAt.toISOString(),
    String(Math.max(0, Math.floor((asOf.getTime() - c.raisedAt.getTime()) / 86_400_000))),
  ]);
  return [CSV_HEADINGS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A cell quoted when it must be, and never read by a spreadsheet as a formula. */
export function csvCell(value: string): string {
  const safe = spreadsheetSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function monthlyReportMail(
  ao: { ukprn: string; name: string },
  challenges: DataChallengeDetail[],
  month: string,
  recipient: Recipient,
  asOf: Date,
): OutgoingMail {
  const count = (status: string) => challenges.filter((c) => c.status === status).length;
  return {
    dedupeKey: `edc-monthly:${ao.ukprn}:${month}`,
    kind: 'edc-monthly-report',
    to: recipient.to,
    subject: `${fallbackNote(recipient, ao.ukprn)}Open event data challenges for ${ao.name}, ${month}: ${challenges.length}`,
    text: [
      `The event data challenges assigned to ${ao.name} (UKPRN ${ao.ukprn}) that are still open, as of ${asOf.toISOString()}:`,
      `${count('NEW')} new and ${count('IN_PROGRESS')} in progress. The list is attached.`,
      '',
      'Work them with ListDataChallenges and GetDataChallenge on the AO gateway; resolve each once any correction is made',
      '(guide section 6).',
    ].join('\n'),
    attachments: [
      {
        filename: `open-data-challenges-${ao.ukprn}-${month}.csv`,
        contentType: 'text/csv; charset=utf-8',
        content: openChallengesCsv(challenges, asOf),
      },
    ],
  };
}

export class MonthlyReport {
  private readonly users: UserStore;

  constructor(
    private readonly db: Database,
    private readonly store: DataChallengeStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly serviceDeskEmail: string,
  ) {
    this.users = new UserStore(db);
  }

  /** Queues each AO's report for `month` (yyyy-mm), one transaction per AO with its audit entry. */
  async run(month: string, surface: Surface = 'system'): Promise<MonthlyReportResult> {
    const asOf = this.clock.now();
    const byAo = new Map<number, DataChallengeDetail[]>();
    for (const challenge of await this.store.openByAssignedOrganisation()) {
      const list = byAo.get(challenge.assignedTo.id) ?? [];
      list.push(challenge);
      byAo.set(challenge.assignedTo.id, list);
    }
    const correlationId = `edc-monthly-${month}-${randomUUID().slice(0, 8)}`;
    const organisations: MonthlyReportLine[] = [];
    for (const challenges of byAo.values()) {
      const ao = challenges[0].assignedTo;
      const superUser = ao.edcResolverEmail ? null : await this.users.mostRecentlyActiveSuperUserEmail(ao.id);
      const recipient = resolverRecipient(ao.edcResolverEmail, superUser, this.serviceDeskEmail);
      const mail = monthlyReportMail(ao, challenges, month, recipient, asOf);
      const queued = await this.db.transaction(async () => {
        if (await this.store.mailQueued(mail.dedupeKey)) return false;
        await this.outbox.enqueue(mail);
        await this.audit.record({
          correlationId,
          surface,
          operation: 'EdcMonthlyReport',
          outcome: 'OK',
          organisationId: ao.id,
          subject: `edc-monthly/${ao.ukprn}/${month}`,
        });
        return true;
      });
      organisations.push({ ukprn: ao.ukprn, name: ao.name, open: challenges.length, to: recipient.to, queued });
    }
    return { month, organisations };
  }
}
