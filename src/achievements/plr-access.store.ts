import { dateFromSql } from '../platform/data-source';
import type { Database } from '../platform/database';
import { PLR_ACCESS_ACTIONS } from './plr-access.rules';

export interface PlrAccessEntry {
  operation: string;
  occurredAt: Date;
  organisationName: string | null;
  username: string | null;
}

interface EntryRow {
  operation: string;
  occurred_at: string | Date;
  organisation_name: string | null;
  username: string | null;
}

/**
 * The audit trail's entries about one learner's record: those whose subject is one of their ULNs
 * (a read) or an achievement key under one (`uln/aim/date`, a change), for the operations ViewAudit
 * lists. Prefixes are matched with GLOB on SQLite and LIKE on MySQL, so the subject index serves both.
 */
export class PlrAccessStore {
  constructor(private readonly db: Database) {}

  async page(ulns: string[], offset: number, limit: number): Promise<{ total: number; entries: PlrAccessEntry[] }> {
    const { where, parameters } = this.filter(ulns);
    const [count, rows] = await Promise.all([
      this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM audit_entries e WHERE ${where}`, parameters),
      this.db.query<EntryRow[]>(
        `SELECT e.operation, e.occurred_at, o.name AS organisation_name, e.username
           FROM audit_entries e LEFT JOIN organisations o ON o.id = e.organisation_id
          WHERE ${where} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit} OFFSET ${offset}`,
        parameters,
      ),
    ]);
    return {
      total: Number(count[0]?.n ?? 0),
      entries: rows.map((r) => ({
        operation: r.operation,
        occurredAt: dateFromSql(r.occurred_at),
        organisationName: r.organisation_name,
        username: r.username,
      })),
    };
  }

  private filter(ulns: string[]): { where: string; parameters: string[] } {
    const operations = Object.keys(PLR_ACCESS_ACTIONS);
    const prefix = this.db.sqlite ? 'e.subject GLOB ?' : 'e.subject LIKE ?';
    const pattern = (uln: string) => (this.db.sqlite ? `${uln}/*` : `${uln}/%`);
    return {
      where: `e.outcome = 'OK' AND e.operation IN (${operations.map(() => '?').join(', ')})
        AND (e.subject IN (${ulns.map(() => '?').join(', ')}) OR ${ulns.map(() => prefix).join(' OR ')})`,
      parameters: [...operations, ...ulns, ...ulns.map(pattern)],
    };
  }
}
