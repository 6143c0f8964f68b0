import type { OrganisationKind } from './organisation.entity';
import type { Role } from './roles';

/**
 * The roles of guide Appendix A that fit each kind of organisation: "you can only select the
 * user types that you have been granted access to when your organisation was set up as an AO".
 * An LRB's users hold LRB_USER; OPERATOR is never granted through the admin API.
 */
const GRANTABLE: Record<OrganisationKind, readonly Role[]> = {
  AO: ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'],
  LRB: ['LRB_SUPER_USER', 'LRB_USER'],
  OPERATOR: [],
};

export function grantableRoles(kind: string): readonly Role[] {
  return GRANTABLE[kind as OrganisationKind] ?? [];
}

/** The requested roles an organisation of this kind cannot hold. */
export function rolesNotGrantable(kind: string, roles: readonly string[]): string[] {
  const allowed = grantableRoles(kind) as readonly string[];
  return roles.filter((role) => !allowed.includes(role));
}
