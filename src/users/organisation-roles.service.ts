import type { AuditTrail } from '../platform/audit/audit-trail';
import { auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { organisationRoles, replaceOrganisationRoles, type Runner } from './organisation-roles.store';
import { checkOrganisationRoles, rolesOfKind } from './role-grants.rules';
import { lockOrganisation } from './user.store';

export interface OrganisationRolesView {
  ukprn: string;
  roles: string[];
}

/**
 * The roles an operator sets each organisation up for (guide Appendix A); its super users grant
 * only those. Taking one away takes it from the organisation's users in the same transaction.
 */
export class OrganisationRolesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  async view(ukprn: string): Promise<OrganisationRolesView> {
    const organisation = await this.organisation(this.db, ukprn);
    return { ukprn, roles: inKindOrder(organisation.kind, await organisationRoles(this.db, organisation.id)) };
  }

  async set(
    context: CallContext,
    ukprn: string,
    requested: string[],
  ): Promise<OrganisationRolesView & { rolesTakenFromUsers: number }> {
    const taken = await this.db.transaction(async (manager) => {
      const organisation = await this.organisation(manager, ukprn);
      await lockOrganisation(manager, organisation.id, this.db.sqlite);
      const checked = checkOrganisationRoles(organisation.kind, requested);
      if (!checked.ok) throw new DomainError(checked.code, checked.message);
      const count = await replaceOrganisationRoles(manager, organisation.id, checked.roles);
      await this.audit.record(auditEntryOf(context, 'SetOrganisationRoles', ukprn), manager);
      return count;
    });
    return { ...(await this.view(ukprn)), rolesTakenFromUsers: taken };
  }

  private async organisation(runner: Runner, ukprn: string): Promise<{ id: number; kind: string }> {
    const rows = (await runner.query('SELECT id, kind FROM organisations WHERE ukprn = ?', [ukprn])) as {
      id: number;
      kind: string;
    }[];
    if (!rows[0]) throw new DomainError('ORGANISATION_NOT_FOUND');
    return { id: Number(rows[0].id), kind: rows[0].kind };
  }
}

function inKindOrder(kind: string, roles: readonly string[]): string[] {
  return rolesOfKind(kind).filter((role) => roles.includes(role));
}
