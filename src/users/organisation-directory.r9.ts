import type { Role } from '../platform/auth/roles';
import { optionalTextOf, type XmlObject } from '../platform/xml/xml-object';
import { member, r9CallContext, r9Operation, r9Response } from '../soap/lrs-learner-service-r9';
import type { SoapOperation } from '../soap/soap-call';
import type { OrganisationDirectory, OrganisationListing, OrganisationQuery } from './organisation-directory';

/** GetOrganisation of LearnerServiceR9.svc (docs/contracts.md, "LearnerServiceR9"). */
export function organisationR9Operation(directory: OrganisationDirectory, roles: readonly Role[]): SoapOperation {
  return r9Operation('GetOrganisation', roles, {
    read: readQuery,
    handle: (query, call) => directory.getOrganisation(query, r9CallContext(call)),
    write: renderOrganisation,
  });
}

function readQuery(payload: XmlObject): OrganisationQuery {
  return { ukprn: optionalTextOf(payload, 'ukPrn'), organisationRef: optionalTextOf(payload, 'orgRef') };
}

/** GetOrganisationResponse: ResponseCode (base member), then DisplayName, OrgRef, Status, Ukprn; nil when none is found. */
function renderOrganisation(listing: OrganisationListing): string {
  const o = listing.organisation;
  return r9Response(
    'GetOrganisation',
    member('a:ResponseCode', listing.responseCode) +
      member('a:DisplayName', o?.displayName ?? null) +
      member('a:OrgRef', o?.organisationRef ?? null) +
      member('a:Status', o?.status ?? null) +
      member('a:Ukprn', o?.ukprn ?? null),
  );
}
