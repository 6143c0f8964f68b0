import { auditEntryOf, type AuditTrail } from '../platform/audit/audit-trail';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import { changeLearnerManagement, mayViewLearnerManagement } from './learner-management.rules';
import type { Runner } from './organisation-roles.store';

interface Row {
  id: number;
  ukprn: string;
  name: string;
  kind: string;
  learner_management: number | string | boolean;
  learner_management_reason: string | null;
  learner_management_changed_at: string | Date | null;
}

export interface LearnerManagementView {
  ukprn: string;
  name: string;
  learnerManagement: boolean;
  /** The business need recorded with the grant, or why it was revoked. */
  reason: string | null;
  changedAt: string | null;
}

const COLUMNS = 'id, ukprn, name, kind, learner_management, learner_management_reason, learner_management_changed_at';

/**
 * The learner-management capability of an organisation (guide 1.4): finding learners and reading
 * their records (docs/decisions/0077-learner-management-capability.md). Every use case that reads a
 * learner's record calls `require` first. The flag is read from the database on every call, never
 * cached, so a revocation holds on the next call in every process.
 */
export class LearnerManagement {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Whether the organisation holds learner management. */
  async holds(organisationId: number): Promise<boolean> {
    const rows = await this.db.query<Pick<Row, 'learner_management'>[]>(
      'SELECT learner_management FROM organisations WHERE id = ?',
      [organisationId],
    );
    return rows[0] !== undefined && isSet(rows[0].learner_management);
  }

  /** Refuses with LEARNER_MANAGEMENT_NOT_GRANTED (WSEC0006 on the LRS-compatible services) when the caller's organisation lacks it. */
  async require(principal: Pick<Principal, 'organisationId'>): Promise<void> {
    if (!(await this.holds(principal.organisationId))) throw new DomainError('LEARNER_MANAGEMENT_NOT_GRANTED');
  }

  /** An operator's view of any organisation, a super user's of their own; any other is as absent as one that does not exist. */
  async view(ukprn: string, reader: Principal): Promise<LearnerManagementView> {
    const row = await this.row(this.db, ukprn);
    if (!mayViewLearnerManagement(reader, row.id)) throw new DomainError('ORGANISATION_NOT_FOUND');
    return toView(row);
  }

  /** Grants or revokes it, with the reason, audited in the same transaction. */
  async change(context: CallContext, ukprn: string, granted: boolean, reason: string): Promise<LearnerManagementView> {
    await this.db.transaction(async (manager) => {
      const row = await this.row(manager, ukprn);
      const change = unwrap(
        changeLearnerManagement({ kind: row.kind, learnerManagement: isSet(row.learner_management) }, granted, reason),
      );
      const now = sqlDateTime(this.clock.now());
      await manager.query(
        `UPDATE organisations SET learner_management = ?, learner_management_reason = ?, learner_management_changed_at = ?,
           updated_at = ?, version = version + 1 WHERE id = ?`,
        [change.granted ? 1 : 0, change.reason, now, now, row.id],
      );
      const operation = granted ? 'GrantLearnerManagement' : 'RevokeLearnerManagement';
      await this.audit.record(auditEntryOf(context, operation, `${ukprn}: ${change.reason}`.slice(0, 100)), manager);
    });
    return toView(await this.row(this.db, ukprn));
  }

  private async row(runner: Runner, ukprn: string): Promise<Row> {
    const rows = (await runner.query(`SELECT ${COLUMNS} FROM organisations WHERE ukprn = ?`, [ukprn])) as Row[];
    if (!rows[0]) throw new DomainError('ORGANISATION_NOT_FOUND');
    return rows[0];
  }
}

/** SQLite answers 0/1, MariaDB 0/1 or a boolean: either way, set or not. */
function isSet(value: number | string | boolean): boolean {
  return Number(value) === 1;
}

function toView(row: Row): LearnerManagementView {
  return {
    ukprn: row.ukprn,
    name: row.name,
    learnerManagement: isSet(row.learner_management),
    reason: row.learner_management_reason,
    changedAt: row.learner_management_changed_at === null ? null : dateFromSql(row.learner_management_changed_at).toISOString(),
  };
}
