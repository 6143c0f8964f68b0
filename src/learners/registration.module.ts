import type { Config } from '../config';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import type { SoapOperation } from '../soap/soap-call';
import { RecentLearnerSearches } from './recent-learner-searches';
import type { ReferenceData } from './reference-data';
import { lrsRegistrationOperations } from './registration.lrs';
import { type RegistrationDeps, RegistrationService } from './registration.service';
import { UlnAllocator } from './uln-allocator';

export interface Registration {
  service: RegistrationService;
  /** The find operation records each learnerByDemographics search here (`searches.record`). */
  searches: RecentLearnerSearches;
  /** On /LearnerService.svc: registerSingleLearner, updateSingleLearner. */
  operations: SoapOperation[];
}

/** Registering and updating learners, wired (docs/decisions/0085-registering-and-updating-learners.md). */
export function createRegistration(deps: {
  db: Database;
  clock: Clock;
  audit: AuditTrail;
  referenceData: ReferenceData;
  learnerManagement: RegistrationDeps['learnerManagement'];
  config: Pick<Config, 'registerFindWindowSeconds' | 'registerPossibleMatchWaitSeconds'>;
}): Registration {
  const { db, clock, config } = deps;
  const searches = new RecentLearnerSearches(db, clock, config.registerFindWindowSeconds);
  const service = new RegistrationService(db, {
    allocator: new UlnAllocator(clock),
    searches,
    referenceData: deps.referenceData,
    learnerManagement: deps.learnerManagement,
    audit: deps.audit,
    clock,
    findBeforeRegister: {
      windowSeconds: config.registerFindWindowSeconds,
      possibleMatchWaitSeconds: config.registerPossibleMatchWaitSeconds,
    },
  });
  return { service, searches, operations: lrsRegistrationOperations(service) };
}
