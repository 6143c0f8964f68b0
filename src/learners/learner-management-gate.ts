import type { Principal } from '../platform/auth/accounts';
import { DomainError } from '../platform/errors';

/**
 * guide 1.4: learner management (view a learner's PLR, find and update their details) is a capability
 * an organisation is granted only where it needs it. Every LearnerServiceR9 use case on a learner's
 * record asks the gate first; an organisation without the capability is refused.
 */
export interface LearnerManagementGate {
  assertGranted(principal: Principal): Promise<void>;
}

/**
 * Learning providers (LRBs) manage learners under their agreement; awarding organisations and the
 * operator do not unless granted.
 */
export const providersManageLearners: LearnerManagementGate = {
  async assertGranted(principal) {
    if (principal.organisationKind !== 'LRB') {
      throw new DomainError('ORGANISATION_NOT_PERMITTED', 'The organisation has not been granted learner management');
    }
  },
};
