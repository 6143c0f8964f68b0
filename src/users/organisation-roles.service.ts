import type { AuditTrail } from '../platform/audit/audit-trail';
import { auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { OrganisationRolesStore } from './organisation-roles.store';
import { OrganisationStore } from './organisation.store';
import { checkOrganisationRoles, rolesOfKind } from './role-grants.rules';

export interface OrganisationRolesView {
  ukprn: string;
  roles: string[];
}

/**
 * The roles an operator sets each organisation up for (guide Appendix A); its super users grant
 * only those. Taking one away takes it from the organisation's users in the same transaction.
 */
export class OrganisationRolesService {
  private readonly store: OrganisationRolesStore;
  private readonly organisations: OrganisationStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {
    this.store = new OrganisationRolesStore(db);
    this.organisations = new OrganisationStore(db);
  }

  async view(ukprn: string): Promise<OrganisationRolesView> {
    const organisation = await this.organisation(ukprn);
    return { ukprn, roles: inKindOrder(organisation.kind, await this.store.of(organisation.id)) };
  }

  async set(
    context: CallContext,
    ukprn: string,
    requested: string[],
  ): Promise<OrganisationRolesView & { rolesTakenFromUsers: number }> {
    const taken = await this.db.transaction(async () => {
      const organisation = await this.organisation(ukprn);
      await this.organisations.lock(organisation.id);
      const checked = checkOrganisationRoles(organisation.kind, requested);
      if (!checked.ok) throw new DomainError(checked.code, checked.message);
      const count = await this.store.replace(organisation.id, checked.roles);
      await this.audit.record(auditEntryOf(context, 'SetOrganisationRoles', ukprn));
      return count;
    });
    return { ...(await this.view(ukprn)), rolesTakenFromUsers: taken };
  }

  private async organisation(ukprn: string): Promise<{ id: number; kind: string }> {
    const organisation = await this.organisations.kindOf(ukprn);
    if (!organisation) throw new DomainError('ORGANISATION_NOT_FOUND');
    return organisation;
  }
}

function inKindOrder(kind: string, roles: readonly string[]): string[] {
  return rolesOfKind(kind).filter((role) => roles.includes(role));
}
