import type { OrganisationKind } from './organisation-status.rules';
import type { Role } from '../platform/auth/roles';

/**
 * The roles of guide Appendix A that fit each kind of organisation. An LRB's users hold LRB_USER;
 * OPERATOR is never granted through the admin API.
 */
const BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  AO: ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER', 'DEVELOPER'],
  LRB: ['LRB_SUPER_USER', 'LRB_USER', 'DEVELOPER'],
  OPERATOR: [],
};

/** guide 3.1: every organisation manages its own users, so the super user role is never taken from it. */
export const ALWAYS_GRANTED: Role = 'LRB_SUPER_USER';

export function rolesOfKind(kind: string): readonly Role[] {
  return BY_KIND[kind as OrganisationKind] ?? [];
}

/**
 * guide Appendix A: "you can only select the user types that you have been granted access to when
 * your organisation was set up as an AO". The requested roles a super user may not grant: those
 * outside the organisation's kind or outside what the operator set it up for.
 */
export function rolesNotGrantable(kind: string, organisationRoles: readonly string[], requested: readonly string[]): string[] {
  const ofKind = rolesOfKind(kind) as readonly string[];
  return requested.filter((role) => !ofKind.includes(role) || !organisationRoles.includes(role));
}

export type OrganisationRolesCheck =
  { ok: true; roles: Role[] } | { ok: false; code: 'ROLE_NOT_GRANTABLE' | 'ORGANISATION_INVALID'; message: string };

/** The roles an operator sets an organisation up for: of its kind, always with the super user role; in Appendix A's order. */
export function checkOrganisationRoles(kind: string, requested: readonly string[]): OrganisationRolesCheck {
  const ofKind = rolesOfKind(kind);
  const foreign = requested.filter((role) => !(ofKind as readonly string[]).includes(role));
  if (ofKind.length === 0 || foreign.length > 0) {
    return {
      ok: false,
      code: 'ROLE_NOT_GRANTABLE',
      message: `An organisation of kind ${kind} cannot be set up for ${foreign.length > 0 ? foreign.join(', ') : 'any role'}`,
    };
  }
  if (!requested.includes(ALWAYS_GRANTED)) {
    return {
      ok: false,
      code: 'ORGANISATION_INVALID',
      message: `Every organisation keeps ${ALWAYS_GRANTED}: it manages its own users`,
    };
  }
  return { ok: true, roles: ofKind.filter((role) => requested.includes(role)) };
}
