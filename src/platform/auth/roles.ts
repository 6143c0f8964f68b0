/**
 * User roles (guide Appendix A). LRB_USER is the role of school and provider users who view
 * PLRs and raise data challenges; OPERATOR belongs to the service's own operators. DEVELOPER is
 * ours, not the guide's: it reads the organisation's request journal and works its sandbox
 * (docs/decisions/0087-the-request-journal.md), and touches no learner or achievement.
 */
export const ROLES = [
  'LRB_SUPER_USER',
  'AWARDING_BODY_BATCH_USER',
  'AWARDING_BODY_USER',
  'QCF_RECORD_SET_USER',
  'QCF_USER',
  'LRB_USER',
  'DEVELOPER',
  'OPERATOR',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function holdsAny(held: readonly Role[], required: readonly Role[]): boolean {
  return required.some((role) => held.includes(role));
}
