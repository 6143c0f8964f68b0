import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import type { OrganisationStatus } from './organisation.entity';

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
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  async getOrganisation(query: OrganisationQuery, context: CallContext): Promise<OrganisationListing> {
    const listing = await this.find(query);
    const subject = query.ukprn ?? query.organisationRef ?? null;
    this.audit.recordSoon(auditEntryOf(context, 'GetOrganisation', subject, listing.responseCode));
    return listing;
  }

  private async find({ ukprn, organisationRef }: OrganisationQuery): Promise<OrganisationListing> {
    if (ukprn === undefined && organisationRef === undefined) return { responseCode: 'WSRC0015' };
    const rows = await this.db.query<
      { ukprn: string; organisation_ref: string | null; name: string; status: OrganisationStatus }[]
    >(
      `SELECT ukprn, organisation_ref, name, status FROM organisations
        WHERE (? IS NULL OR ukprn = ?) AND (? IS NULL OR organisation_ref = ?)`,
      [ukprn ?? null, ukprn ?? null, organisationRef ?? null, organisationRef ?? null],
    );
    const row = rows[0];
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
