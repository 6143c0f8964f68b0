import { dayAfter } from '../platform/clock';
import { dateFromSql } from '../platform/data-source';
import type { Database } from '../platform/database';

export interface AuditFilter {
  /** Entries made by this user, or about this user. */
  username?: string;
  operation?: string;
  /** yyyy-mm-dd, inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

interface AuditRow {
  occurred_at: string | Date;
  surface: string;
  operation: string;
  outcome: string;
  username: string | null;
  subject: string | null;
  correlation_id: string;
}

const WHERE = `FROM audit_entries WHERE organisation_id = ?
  AND (? IS NULL OR username = ? OR subject = ?)
  AND (? IS NULL OR operation = ?)
  AND (? IS NULL OR occurred_at >= ?)
  AND (? IS NULL OR occurred_at < ?)`;

/**
 * guide 3.2: super users "monitor user activity". What the users of one organisation did, and
 * what was done to them, newest first; never another organisation's entries.
 */
export class OrganisationAuditStore {
  constructor(private readonly db: Database) {}

  async entries(organisationId: number, filter: AuditFilter) {
    const username = filter.username?.toLowerCase() ?? null;
    const operation = filter.operation ?? null;
    const from = filter.from ? `${filter.from} 00:00:00.000` : null;
    const to = filter.to ? `${dayAfter(filter.to)} 00:00:00.000` : null;
    const parameters = [organisationId, username, username, username, operation, operation, from, from, to, to];
    const offset = (filter.page - 1) * filter.pageSize;
    const [rows, count] = await Promise.all([
      this.db.query<AuditRow[]>(
        `SELECT occurred_at, surface, operation, outcome, username, subject, correlation_id ${WHERE}
           ORDER BY occurred_at DESC, id DESC LIMIT ${filter.pageSize} OFFSET ${offset}`,
        parameters,
      ),
      this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n ${WHERE}`, parameters),
    ]);
    return {
      page: filter.page,
      pageSize: filter.pageSize,
      total: Number(count[0]?.n ?? 0),
      entries: rows.map((r) => ({
        occurredAt: dateFromSql(r.occurred_at).toISOString(),
        username: r.username,
        operation: r.operation,
        outcome: r.outcome,
        surface: r.surface,
        subject: r.subject,
        correlationId: r.correlation_id,
      })),
    };
  }
}
