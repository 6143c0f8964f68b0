import { fail, ok, type Result } from '../platform/errors';

export type OrganisationKind = 'AO' | 'LRB' | 'OPERATOR';
export type OrganisationStatus = 'ACTIVE' | 'SUSPENDED';

export interface StatusChange {
  status: OrganisationStatus;
  reason: string;
}

/**
 * An operator suspends or reactivates an organisation (guide 1.3), always with a reason. The
 * operator organisation is never suspended: that would leave nobody able to reactivate it.
 */
export function changeOrganisationStatus(
  organisation: { kind: OrganisationKind | string; status: OrganisationStatus | string },
  wanted: OrganisationStatus,
  reason: string,
): Result<StatusChange> {
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 500) {
    return fail('REQUEST_INVALID', 'Give the reason, 1 to 500 characters');
  }
  if (organisation.kind === 'OPERATOR') {
    return fail('ORGANISATION_STATUS_UNCHANGED', 'The operator organisation is never suspended');
  }
  if (organisation.status === wanted) {
    return fail('ORGANISATION_STATUS_UNCHANGED', `The organisation is already ${wanted.toLowerCase()}`);
  }
  return ok({ status: wanted, reason: text });
}
