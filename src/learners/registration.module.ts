import type { FeatureModule, Platform } from '../feature-module';
import type { LearnerManagement } from '../users/learner-management';
import { type FindLearnersModule, findLearnersModule } from './find-learner.module';
import { demographicsSearch, type LearnerSearch } from './learner-search';
import type { LearnersModule } from './learners.module';
import { RecentLearnerSearches } from './recent-learner-searches';
import { lrsRegistrationOperations } from './registration.lrs';
import { RegistrationService } from './registration.service';
import { UlnAllocator } from './uln-allocator';

export interface RegistrationModule extends FeatureModule {
  service: RegistrationService;
  /** The learnerByDemographics searches of the last minutes, which the find operation records. */
  searches: RecentLearnerSearches;
  /** How a batch registration row searches for its learner before it registers them. */
  batchSearch: LearnerSearch;
}

/**
 * Registering and updating learners on the LRS Learner Service (registerSingleLearner, updateSingleLearner;
 * docs/decisions/0085-registering-and-updating-learners.md), with finding them, which it goes with: a
 * registration needs the organisation's learnerByDemographics search just before, and a batch registration row
 * searches with the same use case. The server serves both; the batch worker uses their services for its rows.
 */
export function registrationModules(
  platform: Platform,
  deps: { learners: Pick<LearnersModule, 'register' | 'referenceData'>; learnerManagement: LearnerManagement },
): { registration: RegistrationModule; findLearners: FindLearnersModule } {
  const { db, clock, config, audit } = platform;
  const searches = new RecentLearnerSearches(db, clock, config.registerFindWindowSeconds);
  const findLearners = findLearnersModule(platform, { ...deps, searches });
  const service = new RegistrationService(db, {
    allocator: new UlnAllocator(db, clock),
    searches,
    referenceData: deps.learners.referenceData,
    learnerManagement: deps.learnerManagement,
    audit,
    clock,
    findBeforeRegister: {
      windowSeconds: config.registerFindWindowSeconds,
      possibleMatchWaitSeconds: config.registerPossibleMatchWaitSeconds,
    },
  });
  return {
    findLearners,
    registration: {
      name: 'registration',
      service,
      searches,
      batchSearch: demographicsSearch(db, findLearners.service),
      operations: { 'lrs-learner-service': lrsRegistrationOperations(service) },
    },
  };
}
