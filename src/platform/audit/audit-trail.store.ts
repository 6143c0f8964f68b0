import type { Database } from '../database';

/** One audit entry as audit_entries keeps it, in the order of AUDIT_COLUMNS. */
export type AuditRow = (string | number | null)[];

const COLUMNS = '(occurred_at, correlation_id, surface, operation, outcome, organisation_id, user_id, username, subject)';
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The append-only audit_entries table. */
export class AuditTrailStore {
  constructor(private readonly db: Database) {}

  /** The entries, in one statement. */
  async append(rows: AuditRow[]): Promise<void> {
    await this.db.run(`INSERT INTO audit_entries ${COLUMNS} VALUES ${rows.map(() => ROW).join(', ')}`, rows.flat());
  }
}
