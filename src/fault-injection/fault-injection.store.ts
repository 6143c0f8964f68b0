import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { ErrorCode } from '../platform/error-codes';
import type { InjectedAction, InjectionPlan } from './fault-injection.rules';

export interface Injection extends InjectionPlan {
  id: number;
  organisationId: number;
  remaining: number;
  createdBy: string;
  createdAt: Date;
}

interface Row {
  id: number;
  organisation_id: number;
  action: string;
  operation: string | null;
  delay_ms: number | null;
  error_code: string | null;
  remaining: number;
  expires_at: string | Date;
  created_by: string;
  created_at: string | Date;
}

/** The fault_injections table. */
export class FaultInjectionStore {
  constructor(private readonly db: Database) {}

  async create(organisationId: number, plan: InjectionPlan, createdBy: string, now: Date): Promise<Injection> {
    const id = await this.db.insert(
      'INSERT INTO fault_injections (organisation_id, action, operation, delay_ms, error_code, remaining, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        organisationId,
        plan.action,
        plan.operation,
        plan.delayMs,
        plan.errorCode,
        plan.count,
        sqlDateTime(plan.expiresAt),
        createdBy,
        sqlDateTime(now),
      ],
    );
    const [row] = await this.db.query<Row[]>('SELECT * FROM fault_injections WHERE id = ?', [id]);
    return toInjection(row);
  }

  /** The organisation's injections still armed (count left, not expired), oldest first: the order they apply in. */
  async armed(organisationId: number, now: Date): Promise<Injection[]> {
    const rows = (await this.db.query(
      'SELECT * FROM fault_injections WHERE organisation_id = ? AND remaining > 0 AND expires_at > ? ORDER BY id',
      [organisationId, sqlDateTime(now)],
    )) as Row[];
    return rows.map(toInjection);
  }

  /** Spends one use; false when another process spent the last one first. */
  spend(id: number): Promise<boolean> {
    return this.changesRows('UPDATE fault_injections SET remaining = remaining - 1 WHERE id = ? AND remaining > 0', [id]);
  }

  remove(organisationId: number, id: number): Promise<boolean> {
    return this.changesRows('DELETE FROM fault_injections WHERE organisation_id = ? AND id = ?', [organisationId, id]);
  }

  /** Runs a write and says whether it changed a row. */
  private async changesRows(sql: string, parameters: unknown[]): Promise<boolean> {
    return (await this.db.run(sql, parameters)).affected > 0;
  }

  async clear(organisationId: number): Promise<void> {
    await this.db.run('DELETE FROM fault_injections WHERE organisation_id = ?', [organisationId]);
  }

  /** Organisations with any injection still armed: the only ones whose calls look further. */
  async armedOrganisations(now: Date): Promise<Set<number>> {
    const rows = (await this.db.query(
      'SELECT DISTINCT organisation_id FROM fault_injections WHERE remaining > 0 AND expires_at > ?',
      [sqlDateTime(now)],
    )) as { organisation_id: number }[];
    return new Set(rows.map((row) => row.organisation_id));
  }
}

function toInjection(row: Row): Injection {
  return {
    id: Number(row.id),
    organisationId: row.organisation_id,
    action: row.action as InjectedAction,
    operation: row.operation,
    delayMs: row.delay_ms,
    errorCode: row.error_code as ErrorCode | null,
    count: row.remaining,
    remaining: row.remaining,
    expiresAt: dateFromSql(row.expires_at),
    createdBy: row.created_by,
    createdAt: dateFromSql(row.created_at),
  };
}
