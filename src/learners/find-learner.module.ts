import type { FeatureModule, Platform } from '../feature-module';
import type { LearnerManagement } from '../users/learner-management';
import { FIND_ROLES, lrsLearnerByDemographicsOperation, lrsLearnerByUlnOperation } from './find-learner.lrs';
import { FindLearnerService } from './find-learner.service';
import { aoFindLearnerOperation } from './find-learner.soap';
import type { LearnersModule } from './learners.module';
import type { RecentLearnerSearches } from './recent-learner-searches';
import { lrsRetrieveUlnsOperation } from './retrieve-ulns.lrs';

export interface FindLearnersModule extends FeatureModule {
  service: FindLearnerService;
}

/**
 * Finding learners and reading their records on the LRS Learner Service (learnerByULN, learnerByDemographics,
 * retrieveULNs) and on the AO gateway (FindLearner, docs/decisions/0093-learner-operations-on-the-ao-gateway.md),
 * for organisations that hold learner management (guide 1.4). Built with registration (registration.module.ts),
 * whose batch rows search with its service.
 */
export function findLearnersModule(
  { db, audit }: Platform,
  deps: {
    learners: Pick<LearnersModule, 'register' | 'referenceData'>;
    learnerManagement: LearnerManagement;
    /** Where each learnerByDemographics search is recorded, for the find-before-register rule. */
    searches: RecentLearnerSearches;
  },
): FindLearnersModule {
  const service = new FindLearnerService(db, deps.learners.register, deps.learners.referenceData, deps.learnerManagement, audit);
  return {
    name: 'find-learners',
    service,
    operations: {
      'ao-gateway': [aoFindLearnerOperation(service, FIND_ROLES)],
      'lrs-learner-service': [
        lrsLearnerByUlnOperation(service),
        lrsLearnerByDemographicsOperation(service, deps.searches),
        lrsRetrieveUlnsOperation(service),
      ],
    },
  };
}
