import { auditEntryOf, type AuditTrail } from '../platform/audit/audit-trail';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import { changeLearnerManagement, mayViewLearnerManagement } from './learner-management.rules';
import { type LearnerManagementRow as Row, OrganisationStore } from './organisation.store';

export interface LearnerManagementView {
  ukprn: string;
  name: string;
  learnerManagement: boolean;
  /** The business need recorded with the grant, or why it was revoked. */
  reason: string | null;
  changedAt: string | null;
}

/**
 * The learner-management capability of an organisation (guide 1.4): finding learners and reading
 * their records (docs/decisions/0077-learner-management-capability.md). Every use case that reads a
 * learner's record calls `require` first. The flag is read from the database on every call, never
 * cached, so a revocation holds on the next call in every process.
 */
export class LearnerManagement {
  private readonly organisations: OrganisationStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    this.organisations = new OrganisationStore(db);
  }

  /** Whether the organisation holds learner management. */
  holds(organisationId: number): Promise<boolean> {
    return this.organisations.holdsLearnerManagement(organisationId);
  }

  /** Refuses with LEARNER_MANAGEMENT_NOT_GRANTED (WSEC0006 on the LRS-compatible services) when the caller's organisation lacks it. */
  async require(principal: Pick<Principal, 'organisationId'>): Promise<void> {
    if (!(await this.holds(principal.organisationId))) throw new DomainError('LEARNER_MANAGEMENT_NOT_GRANTED');
  }

  /** An operator's view of any organisation, a super user's of their own; any other is as absent as one that does not exist. */
  async view(ukprn: string, reader: Principal): Promise<LearnerManagementView> {
    const row = await this.row(ukprn);
    if (!mayViewLearnerManagement(reader, row.id)) throw new DomainError('ORGANISATION_NOT_FOUND');
    return toView(row);
  }

  /** Grants or revokes it, with the reason, audited in the same transaction. */
  async change(context: CallContext, ukprn: string, granted: boolean, reason: string): Promise<LearnerManagementView> {
    await this.db.transaction(async () => {
      const row = await this.row(ukprn);
      const change = unwrap(
        changeLearnerManagement({ kind: row.kind, learnerManagement: isSet(row.learner_management) }, granted, reason),
      );
      await this.organisations.setLearnerManagement(row.id, change, this.clock.now());
      const operation = granted ? 'GrantLearnerManagement' : 'RevokeLearnerManagement';
      await this.audit.record(auditEntryOf(context, operation, `${ukprn}: ${change.reason}`.slice(0, 100)));
    });
    return toView(await this.row(ukprn));
  }

  private async row(ukprn: string): Promise<Row> {
    const row = await this.organisations.learnerManagementOf(ukprn);
    if (!row) throw new DomainError('ORGANISATION_NOT_FOUND');
    return row;
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
