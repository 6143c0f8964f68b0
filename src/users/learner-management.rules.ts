import { fail, ok, type Result } from '../platform/errors';

export interface LearnerManagementChange {
  granted: boolean;
  reason: string;
}

/**
 * An operator grants or revokes an organisation's learner management (guide 1.4: only "where you
 * can demonstrate there is a clear business need"), always with the reason: the business need
 * when granting. Only awarding organisations and LRBs manage learners; a grant or revocation
 * that changes nothing is refused, so the audit trail holds real changes only
 * (docs/decisions/0077-learner-management-capability.md).
 */
export function changeLearnerManagement(
  organisation: { kind: string; learnerManagement: boolean },
  granted: boolean,
  reason: string,
): Result<LearnerManagementChange> {
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 500) return fail('REQUEST_INVALID', 'Give the reason, 1 to 500 characters');
  if (organisation.kind !== 'AO' && organisation.kind !== 'LRB') {
    return fail('ORGANISATION_INVALID', 'Learner management is for awarding organisations and LRBs');
  }
  if (organisation.learnerManagement === granted) {
    return fail(
      'LEARNER_MANAGEMENT_UNCHANGED',
      `The organisation ${granted ? 'already holds' : 'does not hold'} learner management`,
    );
  }
  return ok({ granted, reason: text });
}

/** Who may read an organisation's learner management: an operator, or a super user of that organisation. */
export function mayViewLearnerManagement(
  reader: { organisationId: number; roles: readonly string[] },
  organisationId: number,
): boolean {
  return (
    reader.roles.includes('OPERATOR') || (reader.roles.includes('LRB_SUPER_USER') && reader.organisationId === organisationId)
  );
}

/** The reason recorded for an LRB's learner management, which it holds from the start. */
export const LRB_LEARNER_MANAGEMENT_REASON = 'Learner registration body: registers and finds its learners';

/**
 * learner_management, its reason and when it was set, for a new organisation: an LRB is set up to
 * manage learners (guide 1.4, the Learning Provider Agreement); an awarding organisation is
 * granted it later, on a business need.
 */
export function learnerManagementAtCreation(kind: string, now: string): [number, string | null, string | null] {
  return kind === 'LRB' ? [1, LRB_LEARNER_MANAGEMENT_REASON, now] : [0, null, null];
}
