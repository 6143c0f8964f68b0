import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import type { OrganisationStatus } from './organisation-status.rules';
import { OrganisationStore } from './organisation.store';

export interface OrganisationQuery {
  ukprn?: string;
  organisationRef?: string;
}

export type OrganisationLookupCode = 'WSRC0001' | 'WSRC0004' | 'WSRC0015';

export interface OrganisationListing {
  responseCode: OrganisationLookupCode;
  organisation?: { displayName: string; organisationRef: string | null; status: 'Active' | 'Suspended'; ukprn: string };
}

const STATUS: Record<OrganisationStatus, 'Active' | 'Suspended'> = { ACTIVE: 'Active', SUSPENDED: 'Suspended' };

/**
 * GetOrganisation (docs/contracts.md, "LearnerServiceR9"): an organisation registered with the service, by its
 * UKPRN or its OrganisationRef (both, when both are sent): WSRC0004 with its name, reference, state
 * and UKPRN; WSRC0001 when none is; WSRC0015 when neither is sent.
 * docs/decisions/0082-updating-a-learners-details-over-r9.md
 */
export class OrganisationDirectory {
  private readonly organisations: OrganisationStore;

  constructor(
    db: Database,
    private readonly audit: AuditTrail,
  ) {
    this.organisations = new OrganisationStore(db);
  }

  async getOrganisation(query: OrganisationQuery, context: CallContext): Promise<OrganisationListing> {
    const listing = await this.find(query);
    const subject = query.ukprn ?? query.organisationRef ?? null;
    this.audit.recordSoon(auditEntryOf(context, 'GetOrganisation', subject, listing.responseCode));
    return listing;
  }

  private async find({ ukprn, organisationRef }: OrganisationQuery): Promise<OrganisationListing> {
    if (ukprn === undefined && organisationRef === undefined) return { responseCode: 'WSRC0015' };
    const row = await this.organisations.listing(ukprn, organisationRef);
    if (!row) return { responseCode: 'WSRC0001' };
    return {
      responseCode: 'WSRC0004',
      organisation: {
        displayName: row.name,
        organisationRef: row.organisation_ref,
        status: STATUS[row.status],
        ukprn: row.ukprn,
      },
    };
  }
}
